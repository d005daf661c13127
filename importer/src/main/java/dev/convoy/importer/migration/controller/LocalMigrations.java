package dev.convoy.importer.migration.controller;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.importer.migration.LocalConsoleReadiness;
import java.time.Duration;

/** The Migration controller's settings inside the local runtime. */
public final class LocalMigrations {
  private LocalMigrations() {}

  /**
   * Rounds every second, import pods of the importer image's {@code latest} tag (the local runtime
   * runs it as a process), and the demo guest's console as its ready signal.
   */
  public static MigrationReconciler.Settings settings(LocalPaths paths) {
    return new MigrationReconciler.Settings(
        Duration.ofSeconds(1),
        "latest",
        paths.root().resolve("migration"),
        (migration, client) -> {
          long offsetMiB = 56;
          long sizeMiB = 8;
          String region = migration.getSpec().getGuestDataRegion();
          if (region != null) {
            String[] parts = region.split(",");
            try {
              offsetMiB = Long.parseLong(parts[0].trim());
              sizeMiB = Long.parseLong(parts[1].trim());
            } catch (RuntimeException e) {
              throw new IllegalArgumentException(
                  "spec.guestDataRegion: \"" + region + "\" is not OFFSET_MIB,SIZE_MIB");
            }
          }
          return new LocalConsoleReadiness(client, paths, offsetMiB << 20, sizeMiB << 20);
        });
  }
}
