package dev.convoy.operator.controller;

import dev.convoy.api.kubevirt.v1.Finalizers;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.ops.OperatorMetrics;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.vmi.LauncherPodRenderer;
import dev.convoy.operator.vmi.LauncherSettings;
import dev.convoy.operator.vmi.VmiLifecycle;
import dev.convoy.operator.vmi.VmiObservation;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.api.model.Pod;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KubeVirt's VMI controller: renders and creates the launcher pod of each VirtualMachineInstance
 * once its claims exist, and moves the VMI through Pending, Scheduling and Scheduled (then the node
 * agent takes over) or to Failed when the pod disappears or fails first. The pod ({@link
 * LauncherPodRenderer}) and the VMI's next state ({@link VmiLifecycle}) are pure functions.
 *
 * <p>KubeVirt's VMI has no status subresource, so the VMI is written whole, with its
 * resourceVersion (a 409 means someone else wrote first; the next reconcile recomputes). The
 * finalizer {@code kubevirt.io/foregroundDeleteVirtualMachine} keeps a deleted VMI until its pods
 * are gone.
 *
 * <p>Processing is not generation-aware: the node agent's phase changes must reach this controller,
 * and a CRD without status subresource bumps the generation on status writes on a real API server
 * but not on the mock.
 */
@ControllerConfiguration(
    name = VirtualMachineInstanceReconciler.NAME,
    finalizerName = Finalizers.VIRTUAL_MACHINE_INSTANCE,
    generationAwareEventProcessing = false)
public final class VirtualMachineInstanceReconciler
    implements Reconciler<VirtualMachineInstance>, Cleaner<VirtualMachineInstance> {

  /** Controller name (metrics, logs). */
  public static final String NAME = "virtualmachineinstance";

  static final String PODS = "launcher-pods";

  private static final Logger LOG = LoggerFactory.getLogger(VirtualMachineInstanceReconciler.class);

  private final OperatorMetrics metrics;
  private final Clock clock;
  private final LauncherSettings launcher;
  private final ClaimSources<VirtualMachineInstance> claims;
  private volatile InformerEventSource<Pod, VirtualMachineInstance> pods;
  private final OwnWrites<VirtualMachineInstance> ownWrites = new OwnWrites<>();

  /** How often a VMI waiting for its launcher pod's readiness is looked at without an event. */
  static final Duration WAITING_FOR_POD_RECHECK = Duration.ofSeconds(5);

  /**
   * When each VMI (by UID) that waits in Scheduling for its pod's readiness was last looked at; a
   * look {@link #WAITING_FOR_POD_RECHECK} later is the recheck's.
   */
  private final Map<String, Instant> waitingForPod = new ConcurrentHashMap<>();

  public VirtualMachineInstanceReconciler(
      OperatorMetrics metrics, Clock clock, LauncherSettings launcher, boolean dataVolumesServed) {
    this.metrics = metrics;
    this.clock = clock;
    this.launcher = launcher;
    this.claims =
        new ClaimSources<>(
            vmi -> vmi.getSpec() == null ? null : vmi.getSpec().getVolumes(), dataVolumesServed);
  }

  @Override
  public List<EventSource<?, VirtualMachineInstance>> prepareEventSources(
      EventSourceContext<VirtualMachineInstance> context) {
    var config =
        InformerEventSourceConfiguration.from(Pod.class, VirtualMachineInstance.class)
            .withName(PODS)
            .withLabelSelector(Labels.APP + "=" + LauncherPodRenderer.LAUNCHER_APP)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(VirtualMachineInstance.class))
            .build();
    pods = new InformerEventSource<>(config, context);
    List<EventSource<?, VirtualMachineInstance>> sources = new ArrayList<>();
    sources.add(pods);
    sources.addAll(claims.eventSources(context, VirtualMachineInstance.class));
    return sources;
  }

  /** The launcher pod of this VMI (by UID label); the live one first if there were ever several. */
  private static Pod launcherPod(VirtualMachineInstance vmi, Context<VirtualMachineInstance> ctx) {
    String uid = vmi.getMetadata().getUid();
    return ctx.getSecondaryResources(Pod.class).stream()
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(p -> uid.equals(p.getMetadata().getLabels().get(Labels.CREATED_BY)))
        .min(Comparator.comparing(VmiLifecycle::isDown))
        .orElse(null);
  }

  @Override
  public UpdateControl<VirtualMachineInstance> reconcile(
      VirtualMachineInstance vmi, Context<VirtualMachineInstance> context) {
    KubernetesClient client = context.getClient();
    Pod pod = launcherPod(vmi, context);
    VolumeFacts volumes = claims.facts(vmi, context);
    reportMissedPodEvent(vmi, pod);
    String createError = null;
    if (pod == null
        && Vmis.isUnprocessed(vmi)
        && !Vmis.isMarkedForDeletion(vmi)
        && volumes.podMayStart()) {
      try {
        pod = createPod(client, vmi, context);
      } catch (KubernetesClientException e) {
        createError = e.getMessage();
      }
    }
    VirtualMachineInstance next =
        VmiLifecycle.settle(new VmiObservation(vmi, pod, volumes, createError), clock.instant());
    metrics.recordVmiPhase(
        VirtualMachineReconciler.key(vmi),
        next.getStatus() == null ? "" : next.getStatus().getPhase());
    LOG.debug(
        "VirtualMachineInstance {}/{}: phase {} -> {}, pod {}",
        vmi.getMetadata().getNamespace(),
        vmi.getMetadata().getName(),
        vmi.getStatus() == null ? null : vmi.getStatus().getPhase(),
        next.getStatus().getPhase(),
        pod == null ? null : pod.getMetadata().getName());
    Duration reschedule = createError == null ? null : Duration.ofSeconds(10);
    if (changed(vmi, next)) {
      metrics.recordApiRequest("virtualmachineinstances", "update");
    }
    if (changed(vmi, next)
        && StatusWriter.write(vmi, next, context, ownWrites, r -> client.resource(r).update())
            .isEmpty()) {
      reschedule = Duration.ofMillis(500);
    }
    if (reschedule == null && Vmis.isScheduling(next) && !Vmis.isMarkedForDeletion(next)) {
      // Waiting for the launcher pod to become Ready: its event brings us back. The recheck is a
      // safety net for an event that does not come: it would not have caught the one cause found
      // (OwnFinalizer; JOSDK dropped timer events as well), but a VMI stuck beside a Ready pod is
      // a VM that never starts, and the net costs one cache read per waiting VMI every 5 s.
      // reportMissedPodEvent logs whenever it catches something.
      reschedule = WAITING_FOR_POD_RECHECK;
      waitingForPod.put(vmi.getMetadata().getUid(), clock.instant());
    }
    UpdateControl<VirtualMachineInstance> control = UpdateControl.noUpdate();
    return reschedule == null ? control : control.rescheduleAfter(reschedule);
  }

  /**
   * Logs when the recheck, not an event, finds a waiting VMI's pod Ready: reconciles of a VMI in
   * Scheduling come at most {@link #WAITING_FOR_POD_RECHECK} apart (every reconcile re-arms the
   * recheck), so a look that late found a pod whose change to Ready triggered no reconcile: an
   * event was lost. That must not happen; the log says it did.
   */
  private void reportMissedPodEvent(VirtualMachineInstance vmi, Pod pod) {
    Instant lastLook = waitingForPod.remove(vmi.getMetadata().getUid());
    if (lastLook == null || pod == null || !Vmis.isScheduling(vmi) || !VmiLifecycle.isReady(pod)) {
      return;
    }
    Duration since = Duration.between(lastLook, clock.instant());
    if (since.compareTo(WAITING_FOR_POD_RECHECK.minusMillis(100)) >= 0) {
      LOG.info(
          "VirtualMachineInstance {}/{}: the {} s recheck found launcher pod {} Ready with no"
              + " reconcile in {} ms: its event was missed (or reconciles were queued that long)",
          vmi.getMetadata().getNamespace(),
          vmi.getMetadata().getName(),
          WAITING_FOR_POD_RECHECK.toSeconds(),
          pod.getMetadata().getName(),
          since.toMillis());
    }
  }

  /**
   * The update filter for the VMI event source: drops the events of this controller's own writes.
   */
  public OwnWrites<VirtualMachineInstance> ownWrites() {
    return ownWrites;
  }

  private Pod createPod(
      KubernetesClient client, VirtualMachineInstance vmi, Context<VirtualMachineInstance> ctx) {
    Pod desired = LauncherPodRenderer.render(vmi, claims.claims(ctx), launcher);
    Pod created;
    try {
      metrics.recordApiRequest("pods", "create");
      created = client.resource(desired).create();
      LOG.info(
          "VirtualMachineInstance {}/{}: created launcher pod {}",
          vmi.getMetadata().getNamespace(),
          vmi.getMetadata().getName(),
          created.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The name is derived from the VMI's UID: the pod is ours, created before a restart or not
      // cached yet.
      created =
          client
              .pods()
              .inNamespace(desired.getMetadata().getNamespace())
              .withName(desired.getMetadata().getName())
              .get();
      if (created == null) {
        throw e;
      }
    }
    if (pods != null) {
      pods.handleRecentResourceCreate(ResourceID.fromResource(vmi), created);
    }
    return created;
  }

  private static boolean changed(VirtualMachineInstance before, VirtualMachineInstance after) {
    return !VmiLifecycle.sameState(before, after);
  }

  @Override
  public DeleteControl cleanup(
      VirtualMachineInstance vmi, Context<VirtualMachineInstance> context) {
    KubernetesClient client = context.getClient();
    String uid = vmi.getMetadata().getUid();
    List<Pod> remaining =
        context.getSecondaryResources(Pod.class).stream()
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(p -> uid.equals(p.getMetadata().getLabels().get(Labels.CREATED_BY)))
            .toList();
    for (Pod p : remaining) {
      if (p.getMetadata().getDeletionTimestamp() == null) {
        client
            .pods()
            .inNamespace(p.getMetadata().getNamespace())
            .withName(p.getMetadata().getName())
            .delete();
      }
    }
    Pod pod = remaining.isEmpty() ? null : remaining.get(0);
    VirtualMachineInstance next =
        VmiLifecycle.settle(new VmiObservation(vmi, pod, VolumeFacts.READY, null), clock.instant());
    if (!remaining.isEmpty()) {
      if (changed(vmi, next)) {
        StatusWriter.write(vmi, next, context, ownWrites, r -> client.resource(r).update());
      }
      // Pod deletion events bring us back; the reschedule covers a missed one.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
    }
    // The pods are gone: the last status and the finalizer's removal in one write, made here and
    // not by JOSDK (see OwnFinalizer: a restarted VM's next VMI has this one's name).
    if (OwnFinalizer.remove(
            vmi, next, Finalizers.VIRTUAL_MACHINE_INSTANCE, r -> client.resource(r).update())
        .isEmpty()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMillis(500));
    }
    metrics.forgetVmi(VirtualMachineReconciler.key(vmi));
    ownWrites.forget(vmi);
    waitingForPod.remove(vmi.getMetadata().getUid());
    return DeleteControl.noFinalizerRemoval();
  }
}
