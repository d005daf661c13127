package dev.convoy.importer.migration;

import dev.convoy.importer.assessment.AssessmentReport;
import dev.convoy.importer.assessment.Finding;
import dev.convoy.importer.assessment.KubernetesTargetReader;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.execution.TargetSnapshot;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmPhase;
import dev.convoy.plans.report.AssessmentFindings;
import dev.convoy.plans.report.WaveReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pre-flight of the running wave against the live target: reads a {@link TargetSnapshot} through a
 * small edge (the same reader {@code convoy assess --kube} uses), turns the workload and the
 * assessment findings into values and asks the pure {@link Preflight}. The executor passes the
 * reasons of each waiting VM as its observation's blocking findings; the itinerary then ends the VM
 * without touching anything, and its error names every reason.
 */
public final class WavePreflight {

  /** Reads the target as it is now. */
  @FunctionalInterface
  public interface TargetReader {
    /**
     * @param namespaces the namespaces VMs go to
     */
    TargetSnapshot read(Collection<String> namespaces);
  }

  /** The edge to a Kubernetes API server. */
  public static TargetReader kubernetes(KubernetesClient client) {
    return namespaces -> KubernetesTargetReader.snapshot(client, namespaces);
  }

  private final TargetReader target;
  private final Map<String, List<Preflight.Finding>> findings;
  private final Set<String> namespacesToCreate;

  /**
   * @param target reads the target cluster
   * @param findings assessment findings per workload VM name ({@link #findings})
   * @param namespacesToCreate namespaces the migration creates itself
   */
  public WavePreflight(
      TargetReader target,
      Map<String, List<Preflight.Finding>> findings,
      Set<String> namespacesToCreate) {
    this.target = target;
    this.findings = Map.copyOf(findings);
    this.namespacesToCreate = Set.copyOf(namespacesToCreate);
  }

  /** Without assessment findings, into existing namespaces. */
  public WavePreflight(TargetReader target) {
    this(target, Map.of(), Set.of());
  }

  /** The verdicts on {@code vms}, in order (earlier VMs are charged first). */
  public Map<String, Preflight.Verdict> check(List<VmWorkload> vms) {
    return check(vms, Set.of());
  }

  /**
   * The verdicts on {@code vms}, in order; those in {@code underWay} are past pre-flight and are
   * charged whatever their verdict.
   */
  public Map<String, Preflight.Verdict> check(List<VmWorkload> vms, Set<String> underWay) {
    Set<String> namespaces = new LinkedHashSet<>();
    vms.forEach(v -> namespaces.add(v.namespace()));
    TargetSnapshot snapshot = target.read(namespaces);
    return Preflight.check(
        vms.stream().map(VmWorkload::preflight).toList(),
        findings,
        snapshot,
        namespacesToCreate,
        underWay);
  }

  /**
   * The blocking reasons for this round, per VM name: the active wave's VMs that have not started
   * yet ({@link VmPhase#PENDING} or {@link VmPhase#PRE_FLIGHT}) and are blocked. The check covers
   * every unfinished VM of the wave, in plan order, so VMs already under way are charged first
   * (only for what they have not created yet). Reads the target only when a VM waits.
   */
  public Map<String, List<String>> blocking(
      MigrationWorkload workload, List<MigrationRound.Wave> waves) {
    int active = MigrationRound.activeWave(waves);
    if (active < 0) {
      return Map.of();
    }
    List<VmWorkload> unfinished = new ArrayList<>();
    Set<String> underWay = new LinkedHashSet<>();
    boolean anyWaiting = false;
    for (VmMigration vm : waves.get(active).vms()) {
      if (vm.phase().isFinal()) {
        continue;
      }
      unfinished.add(workload.vm(vm.name()));
      boolean waiting = vm.phase() == VmPhase.PENDING || vm.phase() == VmPhase.PRE_FLIGHT;
      anyWaiting |= waiting;
      if (!waiting) {
        underWay.add(vm.name());
      }
    }
    if (!anyWaiting) {
      return Map.of();
    }
    Map<String, List<String>> blocking = new LinkedHashMap<>();
    Map<String, Preflight.Verdict> verdicts = check(unfinished, underWay);
    for (VmMigration vm : waves.get(active).vms()) {
      Preflight.Verdict verdict = verdicts.get(vm.name());
      if ((vm.phase() == VmPhase.PENDING || vm.phase() == VmPhase.PRE_FLIGHT)
          && verdict != null
          && !verdict.ok()) {
        blocking.put(vm.name(), verdict.messages());
      }
    }
    return blocking;
  }

  /**
   * Findings of the importer's assessment per workload VM name: a VM of the report is the workload
   * VM with its managed object id (and, when several sources share ids, its name).
   */
  public static Map<String, List<Preflight.Finding>> findings(
      MigrationWorkload workload, AssessmentReport report) {
    List<Finding> all = new ArrayList<>();
    for (AssessmentReport.VmAssessment vm : report.vms()) {
      for (Finding f : vm.findings()) {
        all.add(
            new Finding(
                f.ruleId(),
                f.severity(),
                f.sourceId() != null ? f.sourceId() : vm.sourceId(),
                f.vmId() != null ? f.vmId() : vm.id(),
                f.vmName() != null ? f.vmName() : vm.name(),
                f.message(),
                f.remediation()));
      }
    }
    return findings(workload, all);
  }

  /** Per-VM findings (those with a VM id) of the importer's assessment, per workload VM name. */
  public static Map<String, List<Preflight.Finding>> findings(
      MigrationWorkload workload, List<Finding> findings) {
    Map<String, List<Preflight.Finding>> byVm = new LinkedHashMap<>();
    for (MigrationWorkload.WaveWorkload wave : workload.waves()) {
      for (VmWorkload vm : wave.vms()) {
        List<Finding> sameId =
            findings.stream().filter(f -> vm.sourceId().equals(f.vmId())).toList();
        boolean ambiguous = sameId.stream().map(Finding::sourceId).distinct().count() > 1;
        for (Finding f : sameId) {
          if (ambiguous && !vm.sourceName().equals(f.vmName())) {
            continue;
          }
          byVm.computeIfAbsent(vm.name(), n -> new ArrayList<>())
              .add(new Preflight.Finding(f.ruleId(), f.severity().label(), f.message()));
        }
      }
    }
    return byVm;
  }

  /**
   * Per-VM findings of an assessment report as {@code convoy assess -o json} writes it (e.g. kept
   * beside the manifests in the Migration's ConfigMap, so a controller without the inventory has
   * them), per workload VM name.
   *
   * @param origin names the document in messages
   * @throws AssessmentFindings.InvalidAssessmentException naming {@code origin} and the problem
   */
  public static Map<String, List<Preflight.Finding>> findings(
      MigrationWorkload workload, String assessmentJson, String origin)
      throws AssessmentFindings.InvalidAssessmentException {
    return findings(workload, AssessmentFindings.parse(assessmentJson, origin));
  }

  /**
   * Per-VM findings read from an assessment report file ({@code convoy assess -o json}, through
   * {@link dev.convoy.plans.report.AssessmentFindings#parse}), keyed {@code sourceId:id} or {@code
   * id}, per workload VM name.
   */
  public static Map<String, List<Preflight.Finding>> findings(
      MigrationWorkload workload, Map<String, List<WaveReport.VmFinding>> byKey) {
    Map<String, List<Preflight.Finding>> byVm = new LinkedHashMap<>();
    for (MigrationWorkload.WaveWorkload wave : workload.waves()) {
      for (VmWorkload vm : wave.vms()) {
        byKey.forEach(
            (key, list) -> {
              String id = key.substring(key.lastIndexOf(':') + 1);
              if (id.equals(vm.sourceId())) {
                for (WaveReport.VmFinding f : list) {
                  byVm.computeIfAbsent(vm.name(), n -> new ArrayList<>())
                      .add(new Preflight.Finding(f.id(), f.severity(), f.message()));
                }
              }
            });
      }
    }
    return byVm;
  }
}
