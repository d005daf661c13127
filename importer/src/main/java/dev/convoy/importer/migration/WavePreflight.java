package dev.convoy.importer.migration;

import dev.convoy.importer.assessment.AssessmentReport;
import dev.convoy.importer.assessment.Finding;
import dev.convoy.importer.assessment.KubernetesTargetReader;
import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
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
import java.util.concurrent.ConcurrentHashMap;

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

  /** The sizes of the disks' datastore files, which size the import pods' scratch space. */
  @FunctionalInterface
  public interface SourceSizes {
    /** The size of {@code disk}'s datastore file in bytes; negative when unknown. */
    long fileBytes(DiskWorkload disk);
  }

  /** Sizes not known: scratch is charged by the disks' capacity ({@link ImportPodScratch}). */
  public static final SourceSizes CAPACITY_ONLY = disk -> -1;

  /**
   * The sizes vCenter reports (a HEAD per file, remembered: a waiting VM is checked every round);
   * unknown when it cannot be asked.
   */
  public static SourceSizes vsphere(VsphereOperations vsphere) {
    Map<String, Long> known = new ConcurrentHashMap<>();
    return disk -> {
      if (vsphere == null || disk.file() == null) {
        return -1;
      }
      String key = disk.file().toString();
      Long size = known.get(key);
      if (size != null) {
        return size;
      }
      try {
        long bytes = vsphere.size(disk.file());
        known.put(key, bytes);
        return bytes;
      } catch (VsphereException | RuntimeException e) {
        return -1;
      }
    };
  }

  /** The quota rule of the import pods' scratch space. */
  public static final String SCRATCH_QUOTA_RULE = "target.quota.ephemeral_storage";

  private final TargetReader target;
  private final Map<String, List<Preflight.Finding>> findings;
  private final Set<String> namespacesToCreate;
  private final SourceSizes sizes;

  /**
   * @param target reads the target cluster
   * @param findings assessment findings per workload VM name ({@link #findings})
   * @param namespacesToCreate namespaces the migration creates itself
   */
  public WavePreflight(
      TargetReader target,
      Map<String, List<Preflight.Finding>> findings,
      Set<String> namespacesToCreate) {
    this(target, findings, namespacesToCreate, CAPACITY_ONLY);
  }

  /**
   * @param sizes the disks' file sizes, for the import pods' scratch space charged to {@code
   *     ephemeral-storage} quotas
   */
  public WavePreflight(
      TargetReader target,
      Map<String, List<Preflight.Finding>> findings,
      Set<String> namespacesToCreate,
      SourceSizes sizes) {
    this.target = target;
    this.findings = Map.copyOf(findings);
    this.namespacesToCreate = Set.copyOf(namespacesToCreate);
    this.sizes = sizes;
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
    Map<String, Preflight.Verdict> verdicts =
        Preflight.check(
            vms.stream().map(VmWorkload::preflight).toList(),
            findings,
            snapshot,
            namespacesToCreate,
            underWay);
    List<ScratchNeed> needs = new ArrayList<>();
    for (VmWorkload vm : vms) {
      if (!underWay.contains(vm.name())) {
        // a VM under way has its import pods already (counted in the quotas' used) or done
        needs.add(scratchNeed(vm, snapshot, sizes));
      }
    }
    return chargeScratch(verdicts, needs, snapshot.quotas());
  }

  /**
   * What a VM's import pods take of ephemeral storage at once: one pod per disk whose PVC does not
   * exist yet, each sized by {@link ImportPodScratch}.
   *
   * @param pods how many import pods
   * @param requestBytes their requests together
   * @param limitBytes their limits together (of the pods that set one)
   * @param unlimited how many set no limit (the file's size and the disk's capacity unknown)
   */
  public record ScratchNeed(
      String vm, String namespace, int pods, long requestBytes, long limitBytes, int unlimited) {}

  static ScratchNeed scratchNeed(VmWorkload vm, TargetSnapshot snapshot, SourceSizes sizes) {
    int pods = 0;
    int unlimited = 0;
    long requests = 0;
    long limits = 0;
    for (DiskWorkload disk : vm.disks()) {
      if (snapshot.claimExists(vm.namespace(), disk.claim().getMetadata().getName())) {
        continue;
      }
      // a disk read in place (no datastore file) is sized as such whatever its size
      ImportPodScratch scratch = ImportPodScratch.forDisk(disk, sizes.fileBytes(disk));
      pods++;
      requests += scratch.requestBytes();
      if (scratch.limitBytes() < 0) {
        unlimited++;
      } else {
        limits += scratch.limitBytes();
      }
    }
    return new ScratchNeed(vm.name(), vm.namespace(), pods, requests, limits, unlimited);
  }

  /**
   * The verdicts with the reasons of VMs whose import pods do not fit the {@code
   * requests.ephemeral-storage} (or {@code ephemeral-storage}) and {@code limits.ephemeral-storage}
   * quotas of their namespace. Like the pod count, a VM is charged at its peak (all its import pods
   * at once) and not charged to the VMs after it: import pods end. Pure.
   */
  public static Map<String, Preflight.Verdict> chargeScratch(
      Map<String, Preflight.Verdict> verdicts,
      List<ScratchNeed> needs,
      List<TargetSnapshot.Quota> quotas) {
    Map<String, Preflight.Verdict> result = new LinkedHashMap<>(verdicts);
    for (ScratchNeed need : needs) {
      if (need.pods() == 0) {
        continue;
      }
      List<Preflight.Reason> reasons = new ArrayList<>();
      for (TargetSnapshot.Quota quota : quotas) {
        if (!quota.namespace().equals(need.namespace())) {
          continue;
        }
        for (String key : List.of("requests.ephemeral-storage", "ephemeral-storage")) {
          quota
              .remaining(key)
              .filter(left -> need.requestBytes() > left)
              .ifPresent(
                  left -> reasons.add(scratchReason(quota, key, need.requestBytes(), left, need)));
        }
        String limitsKey = "limits.ephemeral-storage";
        if (quota.hard().containsKey(limitsKey) && need.unlimited() > 0) {
          reasons.add(
              new Preflight.Reason(
                  SCRATCH_QUOTA_RULE,
                  "ResourceQuota "
                      + quota.name()
                      + " in namespace "
                      + quota.namespace()
                      + " limits "
                      + limitsKey
                      + ", but "
                      + need.unlimited()
                      + " of its import pods set no ephemeral-storage limit (neither the source"
                      + " file's size nor the disk's capacity is known), so the API server would"
                      + " refuse them; add a LimitRange with a default ephemeral-storage limit"));
        } else {
          quota
              .remaining(limitsKey)
              .filter(left -> need.limitBytes() > left)
              .ifPresent(
                  left ->
                      reasons.add(scratchReason(quota, limitsKey, need.limitBytes(), left, need)));
        }
      }
      if (reasons.isEmpty()) {
        continue;
      }
      Preflight.Verdict before = result.get(need.vm());
      List<Preflight.Reason> all = new ArrayList<>(before == null ? List.of() : before.reasons());
      all.addAll(reasons);
      result.put(need.vm(), new Preflight.Verdict(need.vm(), all));
    }
    return result;
  }

  private static Preflight.Reason scratchReason(
      TargetSnapshot.Quota quota, String key, long amount, long left, ScratchNeed need) {
    return new Preflight.Reason(
        SCRATCH_QUOTA_RULE,
        "ResourceQuota "
            + quota.name()
            + " in namespace "
            + quota.namespace()
            + " "
            + key
            + ": its "
            + need.pods()
            + " import pod(s) need "
            + Preflight.bytes(amount)
            + " of scratch space (the source file, staged, + "
            + Preflight.bytes(ImportPodScratch.MARGIN_BYTES)
            + " each), "
            + Preflight.bytes(left)
            + " left of "
            + Preflight.bytes(quota.hard().get(key)));
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
