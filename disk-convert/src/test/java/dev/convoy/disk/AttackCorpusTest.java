package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.qemuImg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.testing.OvaBuilder;
import dev.convoy.disk.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile images, generated here with the real qemu-img, one per attack class. Each is
 * refused under the expected rule with nothing written at the target, and afterwards no file under
 * the test directory except the canary itself holds the canary's bytes.
 */
class AttackCorpusTest {
  private static final long MIB = 1 << 20;

  @TempDir static Path root;
  static Path host;
  static Path canary;
  static byte[] needle;
  static Path base;
  static Path baseStream;
  static final List<Path> targets = new ArrayList<>();
  static Path scratch;

  /** A converter whose scratch directories go to a directory only this test uses. */
  static DiskConverter converter() {
    return new DiskConverter(
        ConverterSettings.defaults().withScratchRoot(scratch),
        dev.convoy.disk.qemu.ProcessQemuImg.fromPath());
  }

  static DiskInspector inspector() {
    return new DiskInspector(
        ConverterSettings.defaults().withScratchRoot(scratch),
        dev.convoy.disk.qemu.ProcessQemuImg.fromPath());
  }

  @BeforeAll
  static void corpus() throws IOException {
    host = Files.createDirectories(root.resolve("host"));
    scratch = Files.createDirectories(root.resolve("scratch"));
    canary = host.resolve("canary.bin");
    byte[] secret = new byte[(int) MIB];
    new Random(42).nextBytes(secret);
    Files.write(canary, secret);
    needle = java.util.Arrays.copyOfRange(secret, 4096, 4096 + 64);
    Path images = Files.createDirectories(root.resolve("images"));
    base = TestImages.sparseRaw(images.resolve("base.raw"), 4 * MIB, 1);
    baseStream = TestImages.vmdk(base, images.resolve("base-stream.vmdk"), "streamOptimized");
  }

  static String flatDescriptor(String createType, String extentLine) {
    return """
        # Disk DescriptorFile
        version=1
        CID=12345678
        parentCID=ffffffff
        createType="%s"

        # Extent description
        %s

        # The Disk Data Base
        #DDB
        ddb.adapterType = "lsilogic"
        """
        .formatted(createType, extentLine);
  }

  static Path dir(String name) throws IOException {
    return Files.createDirectories(root.resolve("attacks").resolve(name));
  }

  static DiskSource file(Path path) {
    return DiskSource.LocalFile.of(path);
  }

  static DiskSource ova(Path path) {
    return new DiskSource.OvaMember(path, Optional.empty());
  }

  // ---- the corpus --------------------------------------------------------------------------

  static List<Arguments> corpus;

  static synchronized Stream<Arguments> attacks() throws Exception {
    if (corpus == null) {
      corpus = generate();
    }
    return corpus.stream();
  }

  static List<Arguments> generate() throws Exception {
    List<Arguments> attacks = new ArrayList<>();
    String canaryPath = canary.toString();

    // VMDK descriptors whose extents reach a host file.
    Path abs = dir("descriptor-absolute").resolve("disk.vmdk");
    Files.writeString(
        abs, flatDescriptor("monolithicFlat", "RW 2048 FLAT \"" + canaryPath + "\" 0"));
    attacks.add(Arguments.of("descriptor extent: absolute path", file(abs), Rule.VMDK_EXTENT_NAME));

    Path up = Files.createDirectories(host.resolve("upload")).resolve("disk.vmdk");
    Files.writeString(up, flatDescriptor("monolithicFlat", "RW 2048 FLAT \"../canary.bin\" 0"));
    attacks.add(Arguments.of("descriptor extent: ../", file(up), Rule.VMDK_EXTENT_NAME));

    Path symlinkDir = dir("descriptor-symlink");
    Files.createSymbolicLink(symlinkDir.resolve("disk-flat.vmdk"), canary);
    Path sym = symlinkDir.resolve("disk.vmdk");
    Files.writeString(sym, flatDescriptor("monolithicFlat", "RW 2048 FLAT \"disk-flat.vmdk\" 0"));
    attacks.add(Arguments.of("descriptor extent: symlink", file(sym), Rule.VMDK_EXTENT_FILE));

    Path hardDir = dir("descriptor-hardlink");
    Files.createLink(hardDir.resolve("disk-flat.vmdk"), canary);
    Path hard = hardDir.resolve("disk.vmdk");
    Files.writeString(hard, flatDescriptor("monolithicFlat", "RW 2048 FLAT \"disk-flat.vmdk\" 0"));
    attacks.add(Arguments.of("descriptor extent: hard link", file(hard), Rule.VMDK_EXTENT_FILE));

    Path json = dir("descriptor-json").resolve("disk.vmdk");
    Files.writeString(
        json,
        flatDescriptor(
            "monolithicFlat",
            "RW 2048 FLAT \"json:{'driver':'file','filename':'" + canaryPath + "'}\" 0"));
    attacks.add(Arguments.of("descriptor extent: json: name", file(json), Rule.VMDK_EXTENT_NAME));

    Path missing = dir("descriptor-missing").resolve("disk.vmdk");
    Files.writeString(missing, flatDescriptor("monolithicFlat", "RW 2048 FLAT \"nothere.vmdk\" 0"));
    attacks.add(Arguments.of("descriptor extent: missing", file(missing), Rule.VMDK_EXTENT_FILE));

    Path junk = dir("descriptor-junk").resolve("disk.vmdk");
    Files.writeString(
        junk,
        flatDescriptor("monolithicFlat", "RW 2048 FLAT \"disk-flat.vmdk\" 0\nRW 2048 FLAT /x 0"));
    attacks.add(Arguments.of("descriptor: unparsable line", file(junk), Rule.VMDK_DESCRIPTOR));

    Path vmfsSparse = dir("descriptor-vmfssparse").resolve("disk.vmdk");
    Files.writeString(
        vmfsSparse, flatDescriptor("vmfsSparse", "RW 2048 VMFSSPARSE \"disk-delta.vmdk\""));
    attacks.add(
        Arguments.of("descriptor: createType vmfsSparse", file(vmfsSparse), Rule.VMDK_CREATE_TYPE));

    Path parentDir = dir("descriptor-parent");
    Files.copy(base, parentDir.resolve("disk-flat.vmdk"));
    Path parent = parentDir.resolve("disk.vmdk");
    Files.writeString(
        parent,
        flatDescriptor("monolithicFlat", "RW 8192 FLAT \"disk-flat.vmdk\" 0")
            .replace(
                "parentCID=ffffffff",
                "parentCID=deadbeef\nparentFileNameHint=\"" + canaryPath + "\""));
    attacks.add(Arguments.of("descriptor: parentFileNameHint", file(parent), Rule.VMDK_PARENT));

    // qcow2 backing files and data files.
    Path backing = dir("qcow2-backing").resolve("disk.qcow2");
    qemuImg("create", "-f", "qcow2", "-b", canaryPath, "-F", "raw", backing.toString(), "1M");
    attacks.add(Arguments.of("qcow2: backing file", file(backing), Rule.QCOW2_BACKING_FILE));

    Path jsonBacking = dir("qcow2-json-backing").resolve("disk.qcow2");
    qemuImg(
        "create",
        "-f",
        "qcow2",
        "-u",
        "-F",
        "raw",
        "-b",
        "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\""
            + canaryPath
            + "\"}}",
        jsonBacking.toString(),
        "1M");
    attacks.add(
        Arguments.of("qcow2: json: backing file", file(jsonBacking), Rule.QCOW2_BACKING_FILE));

    Path dataDir = dir("qcow2-data-file");
    Path hostData = host.resolve("data-file.raw");
    Path dataFile = dataDir.resolve("disk.qcow2");
    qemuImg(
        "create",
        "-f",
        "qcow2",
        "-o",
        "data_file=" + hostData + ",data_file_raw=on",
        dataFile.toString(),
        "1M");
    Files.copy(canary, hostData, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    attacks.add(Arguments.of("qcow2: external data file", file(dataFile), Rule.QCOW2_DATA_FILE));

    // A monolithicSparse whose embedded descriptor names a parent (qemu opens it as backing).
    Path sparseParent = dir("vmdk-sparse-parent").resolve("disk.vmdk");
    qemuImg("create", "-f", "vmdk", sparseParent.toString(), "4M");
    Path hostParent = TestImages.vmdk(canary, host.resolve("parent.vmdk"), "monolithicSparse");
    // qemu only reads a parent whose CID matches parentCID, so name the real one. qemu writes the
    // CID as unpadded hex (%x), so it has 1 to 8 digits.
    java.util.regex.Matcher cid =
        java.util.regex.Pattern.compile("\nCID=([0-9a-f]{1,8})")
            .matcher(
                new String(Files.readAllBytes(hostParent), 512, 1024, StandardCharsets.US_ASCII));
    assertThat(cid.find()).isTrue();
    String embedded =
        flatDescriptor("monolithicSparse", "RW 8192 SPARSE \"disk.vmdk\"")
            .replace(
                "parentCID=ffffffff",
                "parentCID=" + cid.group(1) + "\nparentFileNameHint=\"" + hostParent + "\"");
    byte[] padded = java.util.Arrays.copyOf(embedded.getBytes(StandardCharsets.US_ASCII), 20 * 512);
    TestImages.patch(sparseParent, 512, padded);
    attacks.add(
        Arguments.of("vmdk sparse: parentFileNameHint", file(sparseParent), Rule.VMDK_PARENT));

    // OVA archive attacks, each with an otherwise valid disk.
    long streamSize = Files.size(baseStream);
    String ovf = OvaBuilder.ovf("disk1.vmdk", streamSize, 4 * MIB);
    attacks.add(
        Arguments.of(
            "ova: ../ member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addFile("../disk1.vmdk", baseStream)
                    .write(dir("ova-dotdot").resolve("vm.ova"))),
            Rule.OVA_MEMBER_NAME));
    attacks.add(
        Arguments.of(
            "ova: absolute member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addFile(canaryPath, baseStream)
                    .write(dir("ova-absolute").resolve("vm.ova"))),
            Rule.OVA_MEMBER_NAME));
    attacks.add(
        Arguments.of(
            "ova: symlink member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addSymlink("disk1.vmdk", canaryPath)
                    .write(dir("ova-symlink").resolve("vm.ova"))),
            Rule.OVA_MEMBER_TYPE));
    attacks.add(
        Arguments.of(
            "ova: hard link member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addHardlink("disk1.vmdk", canaryPath)
                    .write(dir("ova-hardlink").resolve("vm.ova"))),
            Rule.OVA_MEMBER_TYPE));
    attacks.add(
        Arguments.of(
            "ova: duplicate member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addFile("disk1.vmdk", baseStream)
                    .add("disk1.vmdk", "second copy")
                    .write(dir("ova-duplicate").resolve("vm.ova"))),
            Rule.OVA_DUPLICATE_MEMBER));
    attacks.add(
        Arguments.of(
            "ova: bad .mf checksum",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addFile("disk1.vmdk", baseStream)
                    .add(
                        "vm.mf",
                        OvaBuilder.sha256Line("vm.ovf", ovf.getBytes(StandardCharsets.UTF_8))
                            + OvaBuilder.sha256Line("disk1.vmdk", base))
                    .write(dir("ova-checksum").resolve("vm.ova"))),
            Rule.OVA_CHECKSUM));
    attacks.add(
        Arguments.of(
            "ova: .mf misses the disk",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", ovf)
                    .addFile("disk1.vmdk", baseStream)
                    .add(
                        "vm.mf",
                        OvaBuilder.sha256Line("vm.ovf", ovf.getBytes(StandardCharsets.UTF_8)))
                    .write(dir("ova-manifest").resolve("vm.ova"))),
            Rule.OVA_MANIFEST));
    attacks.add(
        Arguments.of(
            "ova: href ../",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", OvaBuilder.ovf("../canary.bin", MIB, MIB))
                    .addFile("disk1.vmdk", baseStream)
                    .write(dir("ova-href-dotdot").resolve("vm.ova"))),
            Rule.OVA_REFERENCE));
    attacks.add(
        Arguments.of(
            "ova: href absolute",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", OvaBuilder.ovf(canaryPath, MIB, MIB))
                    .addFile("disk1.vmdk", baseStream)
                    .write(dir("ova-href-absolute").resolve("vm.ova"))),
            Rule.OVA_REFERENCE));
    attacks.add(
        Arguments.of(
            "ova: href not in archive",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", OvaBuilder.ovf("canary.bin", MIB, MIB))
                    .addFile("disk1.vmdk", baseStream)
                    .write(dir("ova-href-missing").resolve("vm.ova"))),
            Rule.OVA_REFERENCE));
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file://"
            + canaryPath
            + "\">]><Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">&x;</Envelope>";
    attacks.add(
        Arguments.of(
            "ova: OVF with external entity",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", xxe)
                    .addFile("disk1.vmdk", baseStream)
                    .write(dir("ova-xxe").resolve("vm.ova"))),
            Rule.OVA_OVF));
    Path ovaDescriptor = dir("ova-descriptor").resolve("flat.vmdk");
    Files.writeString(
        ovaDescriptor, flatDescriptor("monolithicFlat", "RW 8192 FLAT \"disk1-flat.vmdk\" 0"));
    attacks.add(
        Arguments.of(
            "ova: descriptor VMDK member",
            ova(
                new OvaBuilder()
                    .add("vm.ovf", OvaBuilder.ovf("disk1.vmdk", Files.size(ovaDescriptor), MIB))
                    .addFile("disk1.vmdk", ovaDescriptor)
                    .addFile("disk1-flat.vmdk", base)
                    .write(dir("ova-descriptor").resolve("vm.ova"))),
            Rule.VMDK_CREATE_TYPE));

    // Truncated files.
    Path truncatedSparse =
        TestImages.vmdk(base, dir("truncated-sparse").resolve("d.vmdk"), "monolithicSparse");
    truncate(truncatedSparse, Files.size(truncatedSparse) / 2);
    attacks.add(
        Arguments.of("truncated monolithicSparse", file(truncatedSparse), Rule.IMAGE_TRUNCATED));
    Path truncatedStream = dir("truncated-stream").resolve("d.vmdk");
    Files.copy(baseStream, truncatedStream);
    truncate(truncatedStream, Files.size(truncatedStream) * 2 / 3);
    attacks.add(
        Arguments.of("truncated streamOptimized", file(truncatedStream), Rule.IMAGE_TRUNCATED));
    Path truncatedVmware =
        TestImages.vmwareStyleStream(baseStream, dir("truncated-vmware-stream").resolve("d.vmdk"));
    truncate(truncatedVmware, Files.size(truncatedVmware) - 4096);
    attacks.add(
        Arguments.of(
            "truncated VMware streamOptimized (footer gone)",
            file(truncatedVmware),
            Rule.VMDK_FOOTER));
    Path truncatedQcow2 = TestImages.qcow2(base, dir("truncated-qcow2").resolve("d.qcow2"));
    truncate(truncatedQcow2, Files.size(truncatedQcow2) - 70_000);
    attacks.add(Arguments.of("truncated qcow2", file(truncatedQcow2), Rule.IMAGE_TRUNCATED));
    Path truncatedFlatDir = dir("truncated-flat");
    Path truncatedFlat =
        TestImages.vmdk(base, truncatedFlatDir.resolve("d.vmdk"), "monolithicFlat");
    truncate(truncatedFlatDir.resolve("d-flat.vmdk"), 2 * MIB);
    attacks.add(Arguments.of("truncated flat extent", file(truncatedFlat), Rule.VMDK_EXTENT_SIZE));
    Path truncatedOva = dir("truncated-ova").resolve("vm.ova");
    OvaBuilder.valid(truncatedOva, baseStream, "disk1.vmdk", 4 * MIB);
    truncate(truncatedOva, 4096);
    attacks.add(Arguments.of("truncated OVA", ova(truncatedOva), Rule.IMAGE_TRUNCATED));

    // Absurd virtual sizes in headers.
    Path huge = dir("qcow2-100t").resolve("d.qcow2");
    qemuImg("create", "-f", "qcow2", huge.toString(), "100T");
    attacks.add(Arguments.of("qcow2 claiming 100 TiB", file(huge), Rule.VIRTUAL_SIZE_LIMIT));
    Path absurdQcow2 = TestImages.qcow2(base, dir("qcow2-absurd").resolve("d.qcow2"));
    TestImages.patch(absurdQcow2, 24, TestImages.be64(Long.MAX_VALUE));
    attacks.add(Arguments.of("qcow2 size 2^63-1", file(absurdQcow2), Rule.VIRTUAL_SIZE_LIMIT));
    Path absurdVmdk =
        TestImages.vmdk(base, dir("vmdk-absurd").resolve("d.vmdk"), "monolithicSparse");
    TestImages.patch(absurdVmdk, 12, TestImages.le64(1L << 55));
    attacks.add(
        Arguments.of("vmdk capacity 2^55 sectors", file(absurdVmdk), Rule.VIRTUAL_SIZE_LIMIT));
    Path absurdDescriptor = dir("descriptor-absurd").resolve("d.vmdk");
    Files.writeString(
        absurdDescriptor,
        flatDescriptor("monolithicFlat", "RW 9000000000000000 FLAT \"d-flat.vmdk\" 0"));
    attacks.add(
        Arguments.of(
            "descriptor extent of 4 ZiB", file(absurdDescriptor), Rule.VIRTUAL_SIZE_LIMIT));

    // Formats.
    Path disguised = TestImages.qcow2(base, dir("raw-disguised").resolve("d.img"));
    attacks.add(
        Arguments.of(
            "declared raw, header qcow2",
            new DiskSource.LocalFile(disguised, Optional.of(ImageFormat.RAW)),
            Rule.FORMAT_MISMATCH));
    Path vhdx = dir("vhdx").resolve("d.vhdx");
    qemuImg("create", "-f", "vhdx", vhdx.toString(), "4M");
    attacks.add(Arguments.of("vhdx", file(vhdx), Rule.FORMAT_NOT_ALLOWED));
    Path qcow1 = dir("qcow1").resolve("d.qcow");
    qemuImg("create", "-f", "qcow", qcow1.toString(), "4M");
    attacks.add(Arguments.of("qcow version 1", file(qcow1), Rule.FORMAT_NOT_ALLOWED));
    Path unknownBit = TestImages.qcow2(base, dir("qcow2-unknown-bit").resolve("d.qcow2"));
    TestImages.patch(unknownBit, 72, TestImages.be64(1L << 40));
    attacks.add(
        Arguments.of(
            "qcow2 unknown incompatible bit", file(unknownBit), Rule.QCOW2_INCOMPATIBLE_FEATURES));
    // crypt_method 2 (LUKS) in the header; creating a real LUKS image takes seconds of PBKDF.
    Path encrypted = TestImages.qcow2(base, dir("qcow2-encrypted").resolve("d.qcow2"));
    TestImages.patch(encrypted, 32, TestImages.be32(2));
    attacks.add(Arguments.of("qcow2 encrypted", file(encrypted), Rule.QCOW2_ENCRYPTED));
    return attacks;
  }

  static void truncate(Path file, long size) throws IOException {
    try (var channel =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void refusesBeforeWritingAnything(String name, DiskSource source, Rule rule) throws Exception {
    Path target = Files.createDirectories(root.resolve("targets").resolve(targets.size() + ""));
    targets.add(target);
    List<Path> scratchBefore = scratchDirectories();

    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class,
            () ->
                converter()
                    .convert(
                        ConversionRequest.of(source, DiskTarget.Directory.of(target)),
                        ProgressListener.NONE));

    assertThat(refusal).as(name + " must be refused").isNotNull();
    assertThat(refusal.rule()).as(refusal.getMessage()).isEqualTo(rule);
    assertThat(refusal.getMessage()).startsWith("[" + rule.id() + "] ");
    assertThat(refusal.offendingValue()).isNotNull();
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).as("nothing written at the target").isEmpty();
    }
    assertThat(scratchDirectories()).as("scratch directories removed").isEqualTo(scratchBefore);

    // The inspector refuses the same way, for `convoy disk inspect`.
    UnsafeImageException inspectRefusal =
        catchThrowableOfType(UnsafeImageException.class, () -> inspector().inspect(source));
    assertThat(inspectRefusal).isNotNull();
    assertThat(inspectRefusal.rule()).isEqualTo(rule);
  }

  @Test
  void virtualSizeLargerThanTheTargetIsRefused() throws Exception {
    Path target = Files.createDirectories(root.resolve("targets").resolve("small"));
    targets.add(target);
    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class,
            () ->
                converter()
                    .convert(
                        ConversionRequest.of(
                            file(baseStream),
                            new DiskTarget.Directory(target, OptionalLong.of(2 * MIB))),
                        ProgressListener.NONE));
    assertThat(refusal.rule()).isEqualTo(Rule.TARGET_CAPACITY);
    assertThat(refusal.getMessage()).contains("4194304").contains("2097152");
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  /**
   * The corpus is real: bare qemu-img, as a converter without these checks would run it, copies the
   * canary into its output for the descriptor, backing-file, data-file and parent attacks.
   */
  @Test
  void bareQemuImgLeaksTheCanaryForTheseAttacks() throws Exception {
    Path out = Files.createDirectories(root.resolve("bare"));
    String[][] leaks = {
      {"descriptor-absolute/disk.vmdk", ""},
      {"descriptor-symlink/disk.vmdk", ""},
      {"qcow2-backing/disk.qcow2", ""},
      {"qcow2-json-backing/disk.qcow2", ""},
      {"qcow2-data-file/disk.qcow2", ""},
      {"vmdk-sparse-parent/disk.vmdk", ""},
    };
    attacks().count(); // make sure the corpus exists even when this test runs first
    for (String[] leak : leaks) {
      Path input = root.resolve("attacks").resolve(leak[0]);
      Path output = out.resolve(leak[0].replace('/', '-') + ".raw");
      TestImages.run(
          List.of("qemu-img", "convert", "-O", "raw", input.toString(), output.toString()), true);
      assertThat(TestImages.contains(output, needle))
          .as(leak[0] + " leaks with bare qemu-img")
          .isTrue();
      Files.delete(output);
    }
    Path upOutput = out.resolve("up.raw");
    TestImages.run(
        List.of(
            "qemu-img",
            "convert",
            "-O",
            "raw",
            host.resolve("upload/disk.vmdk").toString(),
            upOutput.toString()),
        true);
    assertThat(TestImages.contains(upOutput, needle)).isTrue();
    Files.delete(upOutput);
  }

  @AfterAll
  static void canaryNeverAppears() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        // host/ holds the host files the attacks aim at (the canary and copies of it).
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            || file.startsWith(host)
            || Files.isSameFile(file, canary)) {
          continue;
        }
        assertThat(TestImages.contains(file, needle))
            .as("the canary's bytes appear in " + file)
            .isFalse();
      }
    }
  }

  static List<Path> scratchDirectories() throws IOException {
    try (Stream<Path> files = Files.list(scratch)) {
      return files.sorted().toList();
    }
  }
}
