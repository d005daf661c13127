package dev.convoy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.VmdkCreateType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmdkDescriptorTest {
  static final String FLAT =
      """
      # Disk DescriptorFile
      version=1
      encoding="UTF-8"
      CID=fffffffe
      parentCID=ffffffff
      createType="monolithicFlat"

      # Extent description
      RW 8192 FLAT "disk-flat.vmdk" 0

      # The Disk Data Base
      #DDB
      ddb.adapterType = "lsilogic"
      ddb.geometry.cylinders = "8"
      """;

  static VmdkDescriptor parse(String text) throws UnsafeImageException {
    return VmdkDescriptorParser.parse("d.vmdk", text.getBytes(StandardCharsets.UTF_8));
  }

  static UnsafeImageException refusal(String text, boolean embedded) {
    return catchThrowableOfType(
        UnsafeImageException.class,
        () -> VmdkDescriptorRules.check("d.vmdk", parse(text), embedded));
  }

  @Test
  void parsesEntriesAndExtents() throws Exception {
    VmdkDescriptor descriptor = parse(FLAT);
    assertThat(descriptor.get("createType")).contains("monolithicFlat");
    assertThat(descriptor.get("ddb.adapterType")).contains("lsilogic");
    assertThat(descriptor.extents())
        .singleElement()
        .satisfies(
            extent -> {
              assertThat(extent.access()).isEqualTo("RW");
              assertThat(extent.sectors()).isEqualTo(8192);
              assertThat(extent.type()).isEqualTo("FLAT");
              assertThat(extent.fileName()).contains("disk-flat.vmdk");
              assertThat(extent.offsetSectors()).isZero();
              assertThat(extent.line()).isEqualTo(9);
            });
    assertThat(VmdkDescriptorRules.check("d.vmdk", descriptor, false))
        .isEqualTo(VmdkCreateType.MONOLITHIC_FLAT);
  }

  @Test
  void embeddedDescriptorEndsAtNul() throws Exception {
    byte[] bytes = new byte[4096];
    byte[] text = FLAT.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, bytes, 0, text.length);
    bytes[text.length + 10] = 'x';
    assertThat(VmdkDescriptorParser.parse("d", bytes).extents()).hasSize(1);
  }

  @Test
  void crlfLinesAreAccepted() throws Exception {
    assertThat(parse(FLAT.replace("\n", "\r\n")).extents()).hasSize(1);
  }

  @Test
  void unknownLineIsRefusedWithItsLineNumber() {
    UnsafeImageException e =
        catchThrowableOfType(
            UnsafeImageException.class, () -> parse(FLAT + "RW 10 FLAT unquoted.vmdk 0\n"));
    assertThat(e.rule()).isEqualTo(Rule.VMDK_DESCRIPTOR);
    assertThat(e.getMessage()).contains("line 15").contains("unquoted.vmdk");
  }

  @Test
  void controlCharactersAndBinaryAreRefused() {
    assertThat(
            catchThrowableOfType(UnsafeImageException.class, () -> parse(FLAT + "a=\u0001b\n"))
                .rule())
        .isEqualTo(Rule.VMDK_DESCRIPTOR);
    UnsafeImageException binary =
        catchThrowableOfType(
            UnsafeImageException.class,
            () -> VmdkDescriptorParser.parse("d", new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe}));
    assertThat(binary.getMessage()).contains("not UTF-8");
  }

  @Test
  void repeatedKeyIsRefused() {
    assertThat(catchThrowableOfType(UnsafeImageException.class, () -> parse(FLAT + "CID=1\n")))
        .extracting(UnsafeImageException::rule)
        .isEqualTo(Rule.VMDK_DESCRIPTOR);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "RW 8192 FLAT \"/etc/shadow\" 0|VMDK_EXTENT_NAME",
        "RW 8192 FLAT \"../disk-flat.vmdk\" 0|VMDK_EXTENT_NAME",
        "RW 8192 FLAT \"sub/disk-flat.vmdk\" 0|VMDK_EXTENT_NAME",
        "RW 8192 FLAT \"c:\\disk.vmdk\" 0|VMDK_EXTENT_NAME",
        "RW 8192 FLAT \"nbd:localhost:10809\" 0|VMDK_EXTENT_NAME",
        "RW 8192 FLAT \"\" 0|VMDK_EXTENT_NAME",
        "RW 8192 SPARSE \"disk-s001.vmdk\"|VMDK_EXTENT_TYPE",
        "RW 8192 VMFSSPARSE \"disk-delta.vmdk\"|VMDK_EXTENT_TYPE",
        "NOACCESS 8192 FLAT \"disk-flat.vmdk\" 0|VMDK_EXTENT_TYPE",
        "RW 0 FLAT \"disk-flat.vmdk\" 0|VMDK_EXTENT_SIZE",
        "RW 8192 ZERO \"disk-flat.vmdk\"|VMDK_DESCRIPTOR",
        "RW 8192 FLAT|VMDK_DESCRIPTOR",
      })
  void extentRules(String extentLine, Rule rule) {
    String text = FLAT.replace("RW 8192 FLAT \"disk-flat.vmdk\" 0", extentLine);
    UnsafeImageException e = refusal(text, false);
    assertThat(e).as(extentLine).isNotNull();
    assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
  }

  @Test
  void duplicateExtentFileIsRefused() {
    String text =
        FLAT.replace(
            "RW 8192 FLAT \"disk-flat.vmdk\" 0",
            "RW 8192 FLAT \"disk-flat.vmdk\" 0\nRW 8192 FLAT \"disk-flat.vmdk\" 8192");
    assertThat(refusal(text, false).rule()).isEqualTo(Rule.VMDK_EXTENT_NAME);
  }

  @ParameterizedTest
  @CsvSource({
    "vmfsSparse,VMDK_CREATE_TYPE",
    "seSparse,VMDK_CREATE_TYPE",
    "custom,VMDK_CREATE_TYPE",
    "streamOptimized,VMDK_CREATE_TYPE"
  })
  void createTypeAllowList(String createType, Rule rule) {
    String text = FLAT.replace("monolithicFlat", createType);
    assertThat(refusal(text, false).rule()).isEqualTo(rule);
  }

  @Test
  void separateCreateTypesAreRefusedWhenEmbedded() {
    assertThat(refusal(FLAT, true).getMessage()).contains("separate descriptor file");
  }

  @Test
  void parentsAreRefused() {
    assertThat(refusal(FLAT.replace("parentCID=ffffffff", "parentCID=1234abcd"), false).rule())
        .isEqualTo(Rule.VMDK_PARENT);
    UnsafeImageException hint =
        refusal(FLAT + "parentFileNameHint=\"/vmfs/volumes/ds/base.vmdk\"\n", false);
    assertThat(hint.rule()).isEqualTo(Rule.VMDK_PARENT);
    assertThat(hint.offendingValue()).isEqualTo("/vmfs/volumes/ds/base.vmdk");
  }

  @Test
  void missingCreateTypeAndExtentsAreRefused() {
    assertThat(refusal(FLAT.replace("createType=\"monolithicFlat\"", ""), false).rule())
        .isEqualTo(Rule.VMDK_CREATE_TYPE);
    assertThat(refusal(FLAT.replace("RW 8192 FLAT \"disk-flat.vmdk\" 0", ""), false).rule())
        .isEqualTo(Rule.VMDK_DESCRIPTOR);
  }

  @Test
  void vmfsDescriptorFromAnEsxiDatastoreIsAccepted() throws Exception {
    String esxi =
        FLAT.replace("monolithicFlat", "vmfs")
            .replace("RW 8192 FLAT \"disk-flat.vmdk\" 0", "RW 8192 VMFS \"disk-flat.vmdk\"");
    assertThat(VmdkDescriptorRules.check("d", parse(esxi), false)).isEqualTo(VmdkCreateType.VMFS);
  }
}
