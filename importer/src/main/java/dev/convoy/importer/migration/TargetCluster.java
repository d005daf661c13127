package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Kubernetes side of a migration: import pods and their PVCs and the VirtualMachine. Every
 * write is idempotent (create-if-absent, delete-if-present), so the executor may repeat any of them
 * after a restart.
 */
public interface TargetCluster {

  /** What an import pod must read. */
  sealed interface ImportSource {
    /**
     * A vCenter datastore download: the disk's URL, its HTTP headers, TLS verification, and the
     * login the pod opens its own session with ({@code VcenterLogin.environment()}: environment
     * variables, kept in the pod's Secret; empty: the pod sends the headers as they are).
     *
     * @param timeout how long the pod waits for vCenter ({@link ImportPodMain#TIMEOUT_ENV}); null:
     *     the pod's default
     * @param sourceBytes the size of the file at {@code url} (a HEAD's Content-Length), which sizes
     *     the pod's scratch space ({@link ImportPodScratch#forDisk(DiskWorkload, long)}); negative:
     *     unknown
     */
    record Http(
        URI url,
        Map<String, String> headers,
        boolean verifyTls,
        Map<String, String> login,
        java.time.Duration timeout,
        long sourceBytes)
        implements ImportSource {
      public Http {
        headers = Map.copyOf(headers);
        login = Map.copyOf(login);
      }

      /** With the pod's default timeout and the file's size unknown. */
      public Http(
          URI url, Map<String, String> headers, boolean verifyTls, Map<String, String> login) {
        this(url, headers, verifyTls, login, null, -1);
      }

      /** Without a login of its own. */
      public Http(URI url, Map<String, String> headers, boolean verifyTls) {
        this(url, headers, verifyTls, Map.of());
      }
    }

    /**
     * A disk inside an OVA package, read in place from a volume mounted read-only into the pod.
     *
     * @param volume the volume holding the package
     * @param file the package's path inside the volume (relative, no {@code ..})
     * @param member the tar member holding the disk
     */
    record Ova(OvaVolume volume, String file, String member) implements ImportSource {
      public Ova {
        if (Path.of(file).isAbsolute() || Path.of(file).normalize().startsWith("..")) {
          throw new IllegalArgumentException("not a path inside the volume: " + file);
        }
      }
    }
  }

  /** A volume holding OVA packages, as the import pod mounts it (read-only). */
  sealed interface OvaVolume {
    /** A directory of the node (the local runtime: this machine's). */
    record HostPath(Path directory) implements OvaVolume {}

    /** An NFS export, like Forklift's OVA provider. */
    record Nfs(String server, String path) implements OvaVolume {}

    /** A PersistentVolumeClaim of the target namespace holding the packages. */
    record Claim(String claimName) implements OvaVolume {}
  }

  /** The disk's import pod and PVC annotations. */
  DiskObservation observeDisk(VmWorkload vm, DiskWorkload disk);

  /** The VM's target objects. */
  TargetObservation observeTarget(VmWorkload vm);

  /**
   * Creates the disk's PVC (from the generated manifest) if missing, a Secret with the source's
   * headers, and the import pod if missing.
   */
  void startImport(VmWorkload vm, DiskWorkload disk, ImportSource source, String sourceIdentity);

  /** Deletes the disk's import pod and its Secret. */
  void deleteImportPod(VmWorkload vm, DiskWorkload disk);

  /** Creates the VirtualMachine (running) if missing. */
  void createVirtualMachine(VmWorkload vm);

  /** Deletes the VirtualMachine, import pods, Secrets and PVCs of the VM. */
  void deleteTarget(VmWorkload vm);
}
