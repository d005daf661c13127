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
      for (int i = 0; i < count; i++) {
        created[i] = System.nanoTime();
        client.resource(vm(prefix + "-" + i)).create();
      }
      long[] ready = new long[count];
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      int done = 0;
      while (done < count && System.nanoTime() < deadline) {
        for (int i = 0; i < count; i++) {
          if (ready[i] != 0) {
            continue;
          }
          VirtualMachineInstance vmi =
              client
                  .resources(VirtualMachineInstance.class)
                  .inNamespace(NAMESPACE)
                  .withName(prefix + "-" + i)
                  .get();
          if (vmi == null) {
            continue;
          }
          Pod pod =
              client
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withLabel(Labels.CREATED_BY, vmi.getMetadata().getUid())
                  .list()
                  .getItems()
                  .stream()
                  .findFirst()
                  .orElse(null);
          if (pod == null) {
            continue;
          }
          Path console =
              runtime
                  .paths()
                  .emptyDirStorage(pod.getMetadata().getUid(), "sockets")
                  .resolve("serial0.log");
          if (contains(console, marker)) {
            ready[i] = System.nanoTime();
            convoy.add((ready[i] - created[i]) / 1e9);
            done++;
            String domain = NAMESPACE + "_" + prefix + "-" + i;
            domainXml.put(
                domain, sh("virsh", "-c", "qemu:///system", "dumpxml", "--inactive", domain));
          }
        }
        Thread.sleep(100);
      }
      if (done < count) {
        throw new IllegalStateException(
            done + " of " + count + " Convoy VMs reached the ready marker in 10 minutes");
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
      for (int i = 0; i < count; i++) {
        int index = i;
        starters.execute(
            () -> {
              bareStart[index] = System.nanoTime();
              sh("virsh", "-c", "qemu:///system", "create", xmlFiles.get(index).toString());
            });
      }
      long[] bareReady = new long[count];
      done = 0;
      deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (done < count && System.nanoTime() < deadline) {
        for (int i = 0; i < count; i++) {
          if (bareReady[i] == 0 && bareStart[i] != 0 && contains(bareConsoles.get(i), marker)) {
            bareReady[i] = System.nanoTime();
            bare.add((bareReady[i] - bareStart[i]) / 1e9);
            done++;
          }
        }
        Thread.sleep(100);
      }
      starters.shutdown();
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
    double convoyP50 = percentile(convoy, 50);
    double convoyP95 = percentile(convoy, 95);
    double bareP50 = percentile(bare, 50);
    double bareP95 = percentile(bare, 95);
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
