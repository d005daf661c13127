package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.net.URI;
import java.util.Map;

/**
 * The Kubernetes side of a migration: import pods and their PVCs and the VirtualMachine. Every
 * write is idempotent (create-if-absent, delete-if-present), so the executor may repeat any of them
 * after a restart.
 */
public interface TargetCluster {

  /** What an import pod must read: the disk's URL, its HTTP headers, and TLS verification. */
  record ImportSource(URI url, Map<String, String> headers, boolean verifyTls) {}

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
