package dev.convoy.handler.bench;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boot latency of the local runtime against bare libvirt, in one run on one machine: {@code N} VMs
 * (default 10) created at once on the local runtime, timed from the create request to the demo
 * guest's ready marker on its console; then the very same domains (the XML the launchers defined,
 * read back with {@code virsh dumpxml --inactive}, renamed, with their own console files) started
 * {@code N} at once with {@code virsh create}, timed from the command to the same marker. Prints
 * P50 and P95 of both and their ratio. The bare boots run second, with warm caches, which favours
 * them.
 *
 * <p>Run: {@code handler/bench/boot-latency.sh [N]} (see handler/bench/README.md).
 */
public final class BootLatencyBenchmark {
  private static final String NAMESPACE = "default";

  private BootLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path root = Path.of(System.getProperty("convoy.root", "."));
    Map<String, String> guest = guestEnv(root.resolve("build/guest/guest.env"));
    Path rawDisk = root.resolve("build/guest").resolve(guest.get("GUEST_RAW"));
    String marker =
        guest.get("GUEST_READY_MARKER") + " disk-sha256=" + guest.get("GUEST_DATA_SHA256");
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 5);
    Path dataDir = Files.createTempDirectory("convoy-bench-");
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    System.out.printf(
        "Boot latency: %d VMs at once, demo guest (%s), TCG unless KVM works; data in %s%n",
        count, rawDisk, dataDir);

    List<Double> convoy = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    Map<String, List<String>> failures = new java.util.LinkedHashMap<>();
    List<Double> controlPlane = new ArrayList<>();
    Map<String, String> domainXml = new HashMap<>();
    LocalRuntime runtime =
        LocalRuntime.start(LocalRuntime.Options.defaults(dataDir).withNodeName("convoy-bench"));
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(runtime.paths().kubeconfig())))
            .build()) {
      System.out.printf(
          "accelerator: %s (%s)%n",
          runtime.accelerator().accelerator(), runtime.accelerator().reason());
      for (int i = 0; i < count; i++) {
        claim(client, prefix + "-" + i, rawDisk);
      }
      // Convoy: create all VMs, then wait for every guest's marker.
      long[] created = new long[count];
      java.time.Instant[] createdAt = new java.time.Instant[count];
      for (int i = 0; i < count; i++) {
        created[i] = System.nanoTime();
        createdAt[i] = java.time.Instant.now();
        client.resource(vm(prefix + "-" + i)).create();
      }
      long[] ready = new long[count];
      Path[] consoles = new Path[count];
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LIMIT_MINUTES);
      int done = 0;
      while (done < count && System.nanoTime() < deadline) {
        for (int i = 0; i < count; i++) {
          String domainName = NAMESPACE + "_" + prefix + "-" + i;
          if (!domainXml.containsKey(domainName)) {
            String xml =
                quiet("virsh", "-c", "qemu:///system", "dumpxml", "--inactive", domainName);
            if (xml.contains("<domain")) {
              domainXml.put(domainName, xml);
            }
          }
          if (ready[i] != 0) {
            continue;
          }
          Path console = consoles[i];
          if (console == null) {
            // Look the console up once; afterwards only its file is read, as for the bare boots.
            console = consoleOf(client, runtime, prefix + "-" + i);
            consoles[i] = console;
            if (console == null) {
              continue;
            }
          }
          if (contains(console, marker)) {
            ready[i] = System.nanoTime();
            convoy.add((ready[i] - created[i]) / 1e9);
            done++;
          }
        }
        Thread.sleep(100);
      }
      List<String> convoyFailures = new ArrayList<>();
      if (done < count) {
        keepConsoles(client, runtime, prefix, count, dataDir.resolve("consoles"));
        for (int i = 0; i < count; i++) {
          if (ready[i] == 0) {
            convoyFailures.add(
                prefix + "-" + i + ": " + why(dataDir.resolve("consoles"), prefix + "-" + i));
          }
        }
      }
      failures.put("Convoy", convoyFailures);
      for (int i = 0; i < count; i++) {
        java.time.Instant qemuStart = qemuStartedAt(NAMESPACE + "_" + prefix + "-" + i);
        if (qemuStart != null) {
          controlPlane.add(java.time.Duration.between(createdAt[i], qemuStart).toMillis() / 1000.0);
        }
      }
      for (int i = 0; i < count; i++) {
        client
            .resources(VirtualMachine.class)
            .inNamespace(NAMESPACE)
            .withName(prefix + "-" + i)
            .delete();
      }
      long gone = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty()
          && System.nanoTime() < gone) {
        Thread.sleep(200);
      }

      // Bare: the same domains with virsh create, all at once.
      Path bareDir = dataDir.resolve("bare");
      Files.createDirectories(bareDir);
      List<String> bareNames = new ArrayList<>();
      List<Path> bareConsoles = new ArrayList<>();
      List<Path> xmlFiles = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, String> entry : domainXml.entrySet()) {
        String name = prefix + "-bare-" + n++;
        Path dir = bareDir.resolve(name);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String xml = bareXml(entry.getValue(), entry.getKey(), name, dir);
        Path file = dir.resolve("domain.xml");
        Files.writeString(file, xml);
        bareNames.add(name);
        bareConsoles.add(dir.resolve("serial0.log"));
        xmlFiles.add(file);
      }
      ExecutorService starters = Executors.newFixedThreadPool(count);
      long[] bareStart = new long[count];
      for (int i = 0; i < xmlFiles.size(); i++) {
        int index = i;
        starters.execute(
            () -> {
              bareStart[index] = System.nanoTime();
              sh("virsh", "-c", "qemu:///system", "create", xmlFiles.get(index).toString());
            });
      }
      long[] bareReady = new long[count];
      done = 0;
      deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LIMIT_MINUTES);
      while (done < xmlFiles.size() && System.nanoTime() < deadline) {
        for (int i = 0; i < xmlFiles.size(); i++) {
          if (bareReady[i] == 0 && bareStart[i] != 0 && contains(bareConsoles.get(i), marker)) {
            bareReady[i] = System.nanoTime();
            bare.add((bareReady[i] - bareStart[i]) / 1e9);
            done++;
          }
        }
        Thread.sleep(100);
      }
      starters.shutdown();
      List<String> bareFailures = new ArrayList<>();
      for (int i = 0; i < bareNames.size(); i++) {
        if (bareReady[i] == 0) {
          bareFailures.add(
              bareNames.get(i) + ": " + panicOrSilence(DemoText.read(bareConsoles.get(i))));
        }
      }
      failures.put("bare", bareFailures);
      for (String name : bareNames) {
        sh("virsh", "-c", "qemu:///system", "destroy", name);
      }
      if (done < count) {
        throw new IllegalStateException(
            done + " of " + count + " bare domains reached the ready marker in 10 minutes");
      }
    } finally {
      runtime.close();
      destroyAll(NAMESPACE + "_" + prefix);
      destroyAll(prefix + "-bare-");
    }
    print(count, convoy, bare);
    if (!controlPlane.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %8.2f %8.2f   (Convoy's control plane: API, controllers, pod, launcher JVM, Sync)%n",
          "create -> QEMU started (s)",
          percentile(controlPlane, 50),
          percentile(controlPlane, 95));
    }
    failures.forEach(
        (side, list) -> {
          if (!list.isEmpty()) {
            System.out.printf(
                "%s: %d of %d guests never printed the ready marker:%n", side, list.size(), count);
            list.forEach(line -> System.out.println("  " + line));
          }
        });
  }

  /** How long each side may take before the guests that are not ready count as failed. */
  private static final long LIMIT_MINUTES = 5;

  private static String why(Path consoles, String vm) {
    try (java.util.stream.Stream<Path> files = Files.list(consoles)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("virt-launcher-" + vm + "-"))
          .findFirst()
          .map(f -> panicOrSilence(DemoText.read(f)))
          .orElse("no console");
    } catch (IOException e) {
      return "no console";
    }
  }

  /** The kernel panic line if the console has one, else the console's last line. */
  static String panicOrSilence(String console) {
    for (String line : console.split("\n")) {
      if (line.contains("Kernel panic")) {
        return line.trim();
      }
    }
    String[] lines = console.trim().split("\n");
    return "no marker; last console line: "
        + (lines.length == 0 ? "" : lines[lines.length - 1].trim());
  }

  /** Reads a file as text, empty when it is not there. */
  private static final class DemoText {
    static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file) : "";
      } catch (IOException e) {
        return "";
      }
    }
  }

  private static String quiet(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(60, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** When libvirt last started the domain's QEMU, from its log in /var/log/libvirt/qemu. */
  private static java.time.Instant qemuStartedAt(String domain) {
    Path log = Path.of("/var/log/libvirt/qemu", domain + ".log");
    java.time.Instant last = null;
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.contains(": starting up ") && line.length() > 28) {
          last =
              java.time.OffsetDateTime.parse(
                      line.substring(0, 28).replace(' ', 'T'),
                      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"))
                  .toInstant();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return last;
  }

  private static Path consoleOf(KubernetesClient client, LocalRuntime runtime, String name) {
    VirtualMachineInstance vmi =
        client.resources(VirtualMachineInstance.class).inNamespace(NAMESPACE).withName(name).get();
    if (vmi == null) {
      return null;
    }
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.CREATED_BY, vmi.getMetadata().getUid())
        .list()
        .getItems()
        .stream()
        .findFirst()
        .map(
            pod ->
                runtime
                    .paths()
                    .emptyDirStorage(pod.getMetadata().getUid(), "sockets")
                    .resolve("serial0.log"))
        .orElse(null);
  }

  private static void keepConsoles(
      KubernetesClient client, LocalRuntime runtime, String prefix, int count, Path target)
      throws IOException {
    Files.createDirectories(target);
    for (Pod pod : client.pods().inNamespace(NAMESPACE).list().getItems()) {
      Path console =
          runtime
              .paths()
              .emptyDirStorage(pod.getMetadata().getUid(), "sockets")
              .resolve("serial0.log");
      if (Files.exists(console)) {
        Files.copy(console, target.resolve(pod.getMetadata().getName() + ".log"));
      }
    }
  }

  private static void print(int count, List<Double> convoy, List<Double> bare) {
    if (convoy.isEmpty() || bare.isEmpty()) {
      System.out.printf("Convoy: %s%nbare:   %s%n", sorted(convoy), sorted(bare));
      return;
    }
    // A guest that never got ready counts as infinitely late: P95 is then not a number.
    double convoyP50 = percentile(padded(convoy, count), 50);
    double convoyP95 = percentile(padded(convoy, count), 95);
    double bareP50 = percentile(padded(bare, count), 50);
    double bareP95 = percentile(padded(bare, count), 95);
    System.out.println();
    System.out.printf(
        Locale.ROOT, "%-34s %8s %8s%n", "create -> guest ready marker (s)", "P50", "P95");
    System.out.printf(
        Locale.ROOT,
        "%-34s %8.2f %8.2f%n",
        "bare virsh create (" + count + " at once)",
        bareP50,
        bareP95);
    System.out.printf(
        Locale.ROOT,
        "%-34s %8.2f %8.2f%n",
        "Convoy local runtime (" + count + " VMs)",
        convoyP50,
        convoyP95);
    System.out.printf(
        Locale.ROOT,
        "%-34s %8.2f %8.2f   (goal: <= 1.50)%n",
        "ratio Convoy / bare",
        convoyP50 / bareP50,
        convoyP95 / bareP95);
    System.out.printf(
        Locale.ROOT, "all Convoy: %s%nall bare:   %s%n", sorted(convoy), sorted(bare));
  }

  private static List<Double> padded(List<Double> values, int count) {
    List<Double> all = new ArrayList<>(values);
    while (all.size() < count) {
      all.add(Double.POSITIVE_INFINITY);
    }
    return all;
  }

  private static List<String> sorted(List<Double> values) {
    List<Double> copy = new ArrayList<>(values);
    Collections.sort(copy);
    return copy.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, int p) {
    List<Double> copy = new ArrayList<>(values);
    Collections.sort(copy);
    int rank = (int) Math.ceil(p / 100.0 * copy.size());
    return copy.get(Math.max(0, Math.min(copy.size() - 1, rank - 1)));
  }

  /** The launcher's domain, renamed, without its UUID, its console files in {@code dir}. */
  static String bareXml(String xml, String oldName, String newName, Path dir) {
    String result = xml.replace("<name>" + oldName + "</name>", "<name>" + newName + "</name>");
    result = result.replaceAll("\\s*<uuid>[^<]*</uuid>", "");
    Matcher log = Pattern.compile("<log file='([^']*)/serial0\\.log'").matcher(result);
    if (log.find()) {
      result = result.replace(log.group(1) + "/", dir + "/");
    }
    return result;
  }

  private static void claim(KubernetesClient client, String name, Path rawDisk) throws Exception {
    PersistentVolumeClaim pvc =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name + "-disk")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("128Mi"))
            .endResources()
            .endSpec()
            .build();
    client.resource(pvc).create();
    PersistentVolumeClaim bound = null;
    for (int i = 0;
        i < 300
            && (bound == null
                || bound.getSpec().getVolumeName() == null
                || bound.getStatus() == null
                || !"Bound".equals(bound.getStatus().getPhase()));
        i++) {
      Thread.sleep(100);
      bound = client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(name + "-disk").get();
    }
    if (bound == null || bound.getSpec().getVolumeName() == null) {
      throw new IllegalStateException("claim " + name + "-disk was not bound");
    }
    Path dir =
        Path.of(
            client
                .persistentVolumes()
                .withName(bound.getSpec().getVolumeName())
                .get()
                .getSpec()
                .getLocal()
                .getPath());
    Path disk = dir.resolve("disk.img");
    Files.copy(rawDisk, disk, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-rw-r--"));
  }

  private static VirtualMachine vm(String name) throws IOException {
    return Serialization.yaml()
        .readValue(
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            metadata:
              name: %s
              namespace: default
            spec:
              runStrategy: Always
              template:
                spec:
                  terminationGracePeriodSeconds: 5
                  domain:
                    cpu:
                      cores: 1
                    memory:
                      guest: 192Mi
                    devices:
                      disks:
                      - name: root
                        disk:
                          bus: virtio
                      autoattachPodInterface: false
                  volumes:
                  - name: root
                    persistentVolumeClaim:
                      claimName: %s-disk
            """
                .formatted(name, name),
            VirtualMachine.class);
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, String> guestEnv(Path env) throws IOException {
    if (!Files.isRegularFile(env)) {
      throw new IllegalStateException(env + " is missing: run examples/guest/build-guest.sh");
    }
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(env)) {
      if (!line.startsWith("#") && line.contains("=")) {
        values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return values;
  }

  private static String sh(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(120, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        System.err.println(String.join(" ", command) + ": " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void destroyAll(String prefix) {
    String names = sh("virsh", "-c", "qemu:///system", "list", "--all", "--name");
    for (String name : names.split("\n")) {
      if (name.trim().startsWith(prefix)) {
        sh("virsh", "-c", "qemu:///system", "destroy", name.trim());
        sh("virsh", "-c", "qemu:///system", "undefine", "--nvram", name.trim());
      }
    }
  }
}
