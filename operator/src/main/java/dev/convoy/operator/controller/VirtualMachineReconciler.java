package dev.convoy.operator.controller;

import dev.convoy.api.Serialization;
import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.kubevirt.v1.Finalizers;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import dev.convoy.operator.ops.OperatorMetrics;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.vm.DataVolumeTemplates;
import dev.convoy.operator.vm.RunStrategies;
import dev.convoy.operator.vm.RunStrategyDecision;
import dev.convoy.operator.vm.SyncError;
import dev.convoy.operator.vm.VmAction;
import dev.convoy.operator.vm.VmStatusCalculator;
import dev.convoy.operator.vm.VmiRenderer;
import dev.convoy.operator.vm.VmiSettling;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KubeVirt's VM controller: keeps each VirtualMachine's VirtualMachineInstance in line with its run
 * strategy and start/stop requests, and writes the VM's status. The decision ({@link
 * RunStrategyDecision}), the VMI ({@link VmiRenderer}) and the status ({@link VmStatusCalculator})
 * are pure functions; this class only reads the caches, performs the one action decided and writes
 * the status when it changed.
 *
 * <p>Events: the VM itself (status changes included: start/stop requests live in the status), its
 * VMI (same name), and the PVCs/DataVolumes its template names. The finalizer {@code
 * kubevirt.io/virtualMachineControllerFinalize} makes deletion explicit: the VMI is deleted and the
 * VM goes only once the VMI is gone (a real cluster would also garbage-collect it through the owner
 * reference; the mock API server does not).
 */
@ControllerConfiguration(
    name = VirtualMachineReconciler.NAME,
    finalizerName = Finalizers.VIRTUAL_MACHINE_CONTROLLER,
    generationAwareEventProcessing = false)
public final class VirtualMachineReconciler
    implements Reconciler<VirtualMachine>, Cleaner<VirtualMachine> {

  /** Controller name (metrics, logs). */
  public static final String NAME = "virtualmachine";

  static final String VMI_SOURCE = "vmi";

  private static final Logger LOG = LoggerFactory.getLogger(VirtualMachineReconciler.class);

  private final OperatorMetrics metrics;
  private final Clock clock;
  private final ClaimSources<VirtualMachine> claims;
  private volatile InformerEventSource<VirtualMachineInstance, VirtualMachine> vmis;
  private final OwnWrites<VirtualMachine> ownWrites = new OwnWrites<>();

  /** Since when a status write is held back per VM (see {@link VmiSettling}). */
  private final Map<ResourceID, Instant> holding = new ConcurrentHashMap<>();

  /**
   * @param dataVolumesServed whether cdi.kubevirt.io DataVolumes exist in this cluster
   */
  public VirtualMachineReconciler(OperatorMetrics metrics, Clock clock, boolean dataVolumesServed) {
    this.metrics = metrics;
    this.clock = clock;
    this.claims =
        new ClaimSources<>(
            vm ->
                vm.getSpec() == null
                        || vm.getSpec().getTemplate() == null
                        || vm.getSpec().getTemplate().getSpec() == null
                    ? null
                    : vm.getSpec().getTemplate().getSpec().getVolumes(),
            dataVolumesServed);
  }

  @Override
  public List<EventSource<?, VirtualMachine>> prepareEventSources(
      EventSourceContext<VirtualMachine> context) {
    var config =
        InformerEventSourceConfiguration.from(VirtualMachineInstance.class, VirtualMachine.class)
            .withName(VMI_SOURCE)
            // A VMI has its VM's name: map by name both ways.
            .withSecondaryToPrimaryMapper(
                (VirtualMachineInstance vmi) -> Set.of(ResourceID.fromResource(vmi)))
            .withPrimaryToSecondaryMapper(
                (VirtualMachine vm) -> Set.of(ResourceID.fromResource(vm)))
            .build();
    vmis = new InformerEventSource<>(config, context);
    List<EventSource<?, VirtualMachine>> sources = new ArrayList<>();
    sources.add(vmis);
    sources.addAll(claims.eventSources(context, VirtualMachine.class));
    return sources;
  }

  /**
   * Creates the DataVolumes of {@code spec.dataVolumeTemplates} that are missing (KubeVirt creates
   * them at once, not only on start), and tells whether they are all populated.
   */
  private DataVolumeSync syncDataVolumes(VirtualMachine vm, Context<VirtualMachine> context) {
    if (vm.getSpec().getDataVolumeTemplates() == null
        || vm.getSpec().getDataVolumeTemplates().isEmpty()) {
      return DataVolumeSync.NONE;
    }
    if (!claims.dataVolumesServed()) {
      return DataVolumeSync.failed(
          "spec.dataVolumeTemplates needs CDI: cdi.kubevirt.io/v1beta1 DataVolumes are not served by this"
              + " cluster");
    }
    DataVolumeTemplates.Plan plan =
        DataVolumeTemplates.plan(vm, claims.dataVolumes(context), claims.claims(context));
    if (plan.problem() != null) {
      return DataVolumeSync.failed(plan.problem());
    }
    for (DataVolume dv : plan.toCreate()) {
      try {
        metrics.recordApiRequest("datavolumes", "create");
        claims.created(vm, context.getClient().resource(dv).create());
        LOG.info(
            "VirtualMachine {}/{}: created DataVolume {}",
            vm.getMetadata().getNamespace(),
            vm.getMetadata().getName(),
            dv.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          return DataVolumeSync.failed(
              "failed to create DataVolume " + dv.getMetadata().getName() + ": " + e.getMessage());
        }
      }
    }
    return new DataVolumeSync(null, !plan.ready());
  }

  /** Outcome of {@link #syncDataVolumes}: an error to report, and whether a start must wait. */
  private record DataVolumeSync(SyncError error, boolean pending) {
    static final DataVolumeSync NONE = new DataVolumeSync(null, false);

    static DataVolumeSync failed(String message) {
      return new DataVolumeSync(new SyncError(SyncError.FAILED_CREATE, message), true);
    }
  }

  @Override
  public UpdateControl<VirtualMachine> reconcile(
      VirtualMachine vm, Context<VirtualMachine> context) {
    KubernetesClient client = context.getClient();
    var now = clock.instant();
    VirtualMachineInstance vmi =
        context.getSecondaryResource(VirtualMachineInstance.class, VMI_SOURCE).orElse(null);
    SyncError error = null;
    if (vmi != null && !VmiRenderer.isControlledBy(vmi, vm)) {
      error =
          new SyncError(
              SyncError.FAILED_CREATE,
              "VirtualMachineInstance "
                  + vmi.getMetadata().getName()
                  + " exists and is not controlled by this VirtualMachine");
      vmi = null;
    }

    String runStrategy = null;
    VmAction action = new VmAction.Nothing();
    try {
      runStrategy = RunStrategies.of(vm.getSpec());
      DataVolumeSync dvs = error == null ? syncDataVolumes(vm, context) : DataVolumeSync.NONE;
      error = error == null ? dvs.error() : error;
      // KubeVirt holds a start until the DataVolumes are populated (a Halted VM just gets its
      // DataVolumes).
      boolean holdForDataVolumes =
          dvs.pending() && vmi == null && !RunStrategy.HALTED.equals(runStrategy);
      if (error == null && !holdForDataVolumes) {
        action = RunStrategyDecision.decide(vm, vmi, runStrategy, now);
      }
    } catch (RunStrategies.InvalidRunStrategyException e) {
      error = new SyncError(SyncError.INVALID_RUN_STRATEGY, e.getMessage());
    }

    Duration reschedule = null;
    if (action instanceof VmAction.CreateVmi) {
      try {
        vmi = createVmi(client, vm);
      } catch (KubernetesClientException e) {
        error =
            new SyncError(
                SyncError.FAILED_CREATE,
                "failed to create VirtualMachineInstance: " + e.getMessage());
        action = new VmAction.Nothing();
      }
    } else if (action instanceof VmAction.DeleteVmi d) {
      try {
        metrics.recordApiRequest("virtualmachineinstances", "delete");
        client
            .resources(VirtualMachineInstance.class)
            .inNamespace(vm.getMetadata().getNamespace())
            .withName(vm.getMetadata().getName())
            .delete();
        LOG.info(
            "stopping VirtualMachine {}/{}: deleted VirtualMachineInstance uid {}",
            vm.getMetadata().getNamespace(),
            vm.getMetadata().getName(),
            d.uid());
      } catch (KubernetesClientException e) {
        error =
            new SyncError(
                SyncError.FAILED_DELETE,
                "failed to delete VirtualMachineInstance: " + e.getMessage());
        action = new VmAction.Nothing();
      }
    } else if (action instanceof VmAction.SwitchToAlways) {
      metrics.recordApiRequest("virtualmachines", "update");
      switchToAlways(client, vm);
      return UpdateControl.noUpdate(); // the spec change comes back as an event
    } else if (action instanceof VmAction.WaitForBackoff w) {
      reschedule = w.left().plusMillis(200);
    }

    VolumeFacts volumes = claims.facts(vm, context);
    VirtualMachineStatus next =
        VmStatusCalculator.next(vm, vmi, runStrategy, volumes, action, error, now);
    metrics.recordVmStatus(key(vm), next.getPrintableStatus());
    LOG.debug(
        "VirtualMachine {}/{}: {} -> {}, action {}",
        vm.getMetadata().getNamespace(),
        vm.getMetadata().getName(),
        vm.getStatus() == null ? null : vm.getStatus().getPrintableStatus(),
        next.getPrintableStatus(),
        action);
    ResourceID id = ResourceID.fromResource(vm);
    boolean hold =
        error == null
            && (action instanceof VmAction.Nothing || action instanceof VmAction.CreateVmi)
            && VmiSettling.awaitsVmiController(vmi);
    if (!hold) {
      holding.remove(id);
    }
    if (!Serialization.sameJson(next, vm.getStatus())) {
      Duration left =
          hold ? VmiSettling.holdLeft(holding.computeIfAbsent(id, k -> now), now) : null;
      if (left != null && !left.isNegative() && !left.isZero()) {
        // The VMI controller's write comes first and brings us back; the reschedule is the
        // fallback.
        reschedule = left;
      } else {
        holding.remove(id);
        VirtualMachine desired = copyWithStatus(vm, next);
        metrics.recordApiRequest("virtualmachines/status", "update");
        // The write's own event is dropped only if the written status leaves nothing to do (a
        // trimmed request queue, for one, can make the next pass start a VMI).
        boolean settled =
            runStrategy == null
                || RunStrategyDecision.decide(desired, vmi, runStrategy, now)
                    instanceof VmAction.Nothing;
        if (StatusWriter.write(
                vm,
                desired,
                context,
                settled ? ownWrites : null,
                r -> client.resource(r).updateStatus())
            .isEmpty()) {
          reschedule = Duration.ofMillis(500);
        }
      }
    }
    UpdateControl<VirtualMachine> control = UpdateControl.noUpdate();
    if (error != null
        && reschedule == null
        && !SyncError.INVALID_RUN_STRATEGY.equals(error.reason())) {
      // Retry a failed create/delete even without an event; an invalid spec waits for its fix
      // instead.
      reschedule = Duration.ofSeconds(10);
    }
    return reschedule == null ? control : control.rescheduleAfter(reschedule);
  }

  /**
   * The update filter for the VM event source: drops the events of this controller's own status
   * writes.
   */
  public OwnWrites<VirtualMachine> ownWrites() {
    return ownWrites;
  }

  private VirtualMachineInstance createVmi(KubernetesClient client, VirtualMachine vm) {
    VirtualMachineInstance desired = VmiRenderer.render(vm);
    VirtualMachineInstance created;
    try {
      metrics.recordApiRequest("virtualmachineinstances", "create");
      created = client.resource(desired).create();
      LOG.info(
          "starting VirtualMachine {}/{}: created VirtualMachineInstance uid {}",
          vm.getMetadata().getNamespace(),
          vm.getMetadata().getName(),
          created.getMetadata().getUid());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Created already (by this operator before a restart, or the cache is behind): use what is
      // there.
      created =
          client
              .resources(VirtualMachineInstance.class)
              .inNamespace(vm.getMetadata().getNamespace())
              .withName(vm.getMetadata().getName())
              .get();
      if (created == null) {
        throw e;
      }
      if (!VmiRenderer.isControlledBy(created, vm)) {
        throw new KubernetesClientException(
            "VirtualMachineInstance "
                + created.getMetadata().getName()
                + " exists and is not controlled by this VirtualMachine",
            409,
            null);
      }
    }
    if (vmis != null) {
      vmis.handleRecentResourceCreate(ResourceID.fromResource(vm), created);
    }
    return created;
  }

  private static void switchToAlways(KubernetesClient client, VirtualMachine vm) {
    VirtualMachine desired = Serialization.deepCopy(vm);
    if (desired.getSpec().getRunning() != null) {
      desired.getSpec().setRunning(true);
    } else {
      desired.getSpec().setRunStrategy(RunStrategy.ALWAYS);
    }
    try {
      client.resource(desired).update(); // optimistic: desired carries vm's resourceVersion
      LOG.info(
          "VirtualMachine {}/{}: start request on a Halted VM, run strategy set to Always",
          vm.getMetadata().getNamespace(),
          vm.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public DeleteControl cleanup(VirtualMachine vm, Context<VirtualMachine> context) {
    KubernetesClient client = context.getClient();
    VirtualMachineInstance vmi =
        context.getSecondaryResource(VirtualMachineInstance.class, VMI_SOURCE).orElse(null);
    if (vmi != null && !VmiRenderer.isControlledBy(vmi, vm)) {
      vmi = null;
    }
    String runStrategy;
    try {
      runStrategy = RunStrategies.of(vm.getSpec());
    } catch (RunStrategies.InvalidRunStrategyException e) {
      runStrategy = null;
    }
    VmAction action =
        vmi != null && !Vmis.isMarkedForDeletion(vmi)
            ? new VmAction.DeleteVmi(vmi.getMetadata().getUid(), false)
            : new VmAction.Nothing();
    VirtualMachineStatus next =
        VmStatusCalculator.next(
            vm, vmi, runStrategy, VolumeFacts.READY, action, null, clock.instant());
    VirtualMachine latest = vm;
    if (!Serialization.sameJson(next, vm.getStatus())) {
      latest =
          StatusWriter.write(
                  vm,
                  copyWithStatus(vm, next),
                  context,
                  ownWrites,
                  r -> client.resource(r).updateStatus())
              .orElse(null);
      if (latest == null) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMillis(500));
      }
    }
    if (vmi == null) {
      // Removed here, not by JOSDK: a VM deleted and created again has the same name (see
      // OwnFinalizer).
      if (OwnFinalizer.remove(
              latest,
              copyWithStatus(latest, latest.getStatus()),
              Finalizers.VIRTUAL_MACHINE_CONTROLLER,
              r -> client.resource(r).update())
          .isEmpty()) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMillis(500));
      }
      metrics.forgetVm(key(vm));
      ownWrites.forget(vm);
      holding.remove(ResourceID.fromResource(vm));
      return DeleteControl.noFinalizerRemoval();
    }
    if (action instanceof VmAction.DeleteVmi) {
      client
          .resources(VirtualMachineInstance.class)
          .inNamespace(vm.getMetadata().getNamespace())
          .withName(vm.getMetadata().getName())
          .delete();
    }
    // The VMI's deletion event brings us back; the reschedule covers a missed event.
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
  }

  private static VirtualMachine copyWithStatus(VirtualMachine vm, VirtualMachineStatus status) {
    VirtualMachine copy = new VirtualMachine();
    copy.setMetadata(Serialization.deepCopy(vm.getMetadata()));
    copy.setSpec(vm.getSpec());
    copy.setStatus(status);
    return copy;
  }

  static String key(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
