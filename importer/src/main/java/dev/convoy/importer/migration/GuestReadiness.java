package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import java.util.Optional;

/**
 * The guest's readiness signal: the disk checksum a booted guest reports (the demo guest prints
 * {@code CONVOY-GUEST-READY disk-sha256=<hex> ...} on its console; a guest agent later), and what
 * it must report for the converted disk.
 */
public interface GuestReadiness {
  /**
   * A guest's report.
   *
   * @param reported the checksum the guest printed
   * @param expected the checksum the converted disk has for what the guest hashes; null when the
   *     guest hashes its whole boot disk (then the ready marker's checksum is expected)
   */
  record Report(String reported, String expected) {}

  /** No readiness signal: the migration completes when the instance runs. */
  GuestReadiness NONE =
      new GuestReadiness() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public Optional<Report> report(VmWorkload vm) {
          return Optional.empty();
        }
      };

  /** Whether the executor waits for the signal. */
  boolean enabled();

  /** The guest's report, once it made one. */
  Optional<Report> report(VmWorkload vm);
}
