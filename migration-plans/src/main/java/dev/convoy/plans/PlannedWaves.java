package dev.convoy.plans;

import dev.convoy.api.convoy.v1alpha1.MaintenanceWindow;
import dev.convoy.api.convoy.v1alpha1.PlannedWave;
import dev.convoy.plans.waves.CutoverWindow;
import dev.convoy.plans.waves.Wave;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WaveVm;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The planned waves as the MigrationPlan resource's {@code status.waves}, so the operator reports
 * exactly what {@code convoy plan} prints.
 */
public final class PlannedWaves {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private PlannedWaves() {}

  /** One {@link PlannedWave} per wave, in order. */
  public static List<PlannedWave> of(WavePlan plan) {
    List<PlannedWave> waves = new ArrayList<>();
    for (Wave wave : plan.waves()) {
      PlannedWave planned = new PlannedWave();
      planned.setName(wave.name());
      planned.setVms(wave.vms().stream().map(WaveVm::name).toList());
      planned.setVmCount(wave.vms().size());
      planned.setDiskCount(wave.diskCount());
      planned.setProvisionedGiB(
          Math.round(wave.provisionedBytes() / (1024.0 * 1024 * 1024) * 100) / 100.0);
      planned.setEstimatedSeconds(wave.estimatedDuration().getSeconds());
      CutoverWindow window = wave.window();
      if (window != null) {
        MaintenanceWindow maintenance = new MaintenanceWindow();
        maintenance.setStart(LOCAL.format(window.start()));
        maintenance.setEnd(LOCAL.format(window.end()));
        maintenance.setTimeZone(window.start().getZone().getId());
        planned.setWindow(maintenance);
      }
      waves.add(planned);
    }
    return waves;
  }
}
