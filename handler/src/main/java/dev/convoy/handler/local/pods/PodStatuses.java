package dev.convoy.handler.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local pod's status as the kubelet would write it, computed from the pod and the runner's view
 * of its containers: phase (Pending until every container started, Running, then Succeeded when all
 * exited 0 or Failed), the conditions PodScheduled, Initialized, ContainersReady and Ready,
 * container statuses with states and exit codes, host and pod IP (the loopback address: local pods
 * share the host's network), start time and QoS class. Condition transition times are kept while
 * the condition's status does not change.
 */
public final class PodStatuses {
  /** The IP of the host and of every local pod. */
  public static final String LOCAL_IP = "127.0.0.1";

  private PodStatuses() {}

  /**
   * The status to write.
   *
   * @param containers the views of the pod's (non-init) containers, by name
   */
  public static PodStatus compute(Pod pod, Map<String, ContainerView> containers, Instant now) {
    List<ContainerStatus> statuses = new ArrayList<>();
    boolean anyWaiting = false;
    boolean allTerminated = true;
    boolean allSucceeded = true;
    boolean allReady = true;
    Instant earliestStart = null;
    for (Container container : pod.getSpec().getContainers()) {
      ContainerView view = containers.get(container.getName());
      if (view == null) {
        view =
            ContainerView.waiting(
                container.getName(), container.getImage(), "ContainerCreating", null);
      }
      ContainerStatusBuilder status =
          new ContainerStatusBuilder()
              .withName(container.getName())
              .withImage(container.getImage())
              .withImageID(container.getImage())
              .withRestartCount(view.restartCount());
      if (view.pid() > 0) {
        status.withContainerID("convoy-local://" + view.pid());
      }
      ContainerView.State state = view.state();
      if (state instanceof ContainerView.State.Waiting waiting) {
        anyWaiting = true;
        allTerminated = false;
        allReady = false;
        status
            .withReady(false)
            .withStarted(false)
            .withState(
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(waiting.reason())
                    .withMessage(waiting.message())
                    .endWaiting()
                    .build());
      } else if (state instanceof ContainerView.State.Running running) {
        allTerminated = false;
        allReady &= running.ready();
        earliestStart = min(earliestStart, running.startedAt());
        status
            .withReady(running.ready())
            .withStarted(true)
            .withState(
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(stamp(running.startedAt()))
                    .endRunning()
                    .build());
      } else if (state instanceof ContainerView.State.Terminated terminated) {
        allReady = false;
        allSucceeded &= terminated.exitCode() == 0;
        earliestStart = min(earliestStart, terminated.startedAt());
        status
            .withReady(false)
            .withStarted(false)
            .withState(
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(terminated.exitCode())
                    .withReason(terminated.reason())
                    .withStartedAt(stamp(terminated.startedAt()))
                    .withFinishedAt(stamp(terminated.finishedAt()))
                    .withContainerID(view.pid() > 0 ? "convoy-local://" + view.pid() : null)
                    .endTerminated()
                    .build());
      }
      statuses.add(status.build());
    }
    String phase;
    if (allTerminated && !statuses.isEmpty()) {
      phase = allSucceeded ? "Succeeded" : "Failed";
    } else if (anyWaiting) {
      phase = "Pending";
    } else {
      phase = "Running";
    }
    PodStatus old = pod.getStatus();
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition(old, "PodScheduled", true, null, null, now));
    conditions.add(condition(old, "Initialized", true, null, null, now));
    boolean ready = allReady && phase.equals("Running");
    String notReady = ready ? null : notReadyMessage(statuses);
    conditions.add(
        condition(
            old, "ContainersReady", ready, ready ? null : "ContainersNotReady", notReady, now));
    conditions.add(
        condition(old, "Ready", ready, ready ? null : "ContainersNotReady", notReady, now));
    String startTime =
        old != null && old.getStartTime() != null
            ? old.getStartTime()
            : earliestStart == null ? null : stamp(earliestStart);
    return new PodStatusBuilder()
        .withPhase(phase)
        .withConditions(conditions)
        .withContainerStatuses(statuses)
        .withHostIP(LOCAL_IP)
        .withHostIPs(new io.fabric8.kubernetes.api.model.HostIPBuilder().withIp(LOCAL_IP).build())
        .withPodIP(LOCAL_IP)
        .withPodIPs(new PodIPBuilder().withIp(LOCAL_IP).build())
        .withStartTime(startTime)
        .withQosClass(qosClass(pod))
        .build();
  }

  /** PodScheduled=False with {@code reason}, phase Pending: a pod this node cannot run. */
  public static PodStatus unschedulable(Pod pod, String reason, String message, Instant now) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withConditions(condition(pod.getStatus(), "PodScheduled", false, reason, message, now))
        .withQosClass(qosClass(pod))
        .build();
  }

  private static String notReadyMessage(List<ContainerStatus> statuses) {
    List<String> names = new ArrayList<>();
    for (ContainerStatus status : statuses) {
      if (!Boolean.TRUE.equals(status.getReady())) {
        names.add(status.getName());
      }
    }
    return names.isEmpty()
        ? null
        : "containers with unready status: [" + String.join(" ", names) + "]";
  }

  private static PodCondition condition(
      PodStatus old, String type, boolean value, String reason, String message, Instant now) {
    String status = value ? "True" : "False";
    String transition = stamp(now);
    if (old != null && old.getConditions() != null) {
      for (PodCondition previous : old.getConditions()) {
        if (type.equals(previous.getType())
            && status.equals(previous.getStatus())
            && previous.getLastTransitionTime() != null) {
          transition = previous.getLastTransitionTime();
        }
      }
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(transition)
        .build();
  }

  static String qosClass(Pod pod) {
    boolean any = false;
    boolean guaranteed = true;
    for (Container container : pod.getSpec().getContainers()) {
      Map<String, Quantity> requests =
          container.getResources() == null ? null : container.getResources().getRequests();
      Map<String, Quantity> limits =
          container.getResources() == null ? null : container.getResources().getLimits();
      for (String resource : List.of("cpu", "memory")) {
        Quantity request = requests == null ? null : requests.get(resource);
        Quantity limit = limits == null ? null : limits.get(resource);
        any |= request != null || limit != null;
        if (limit == null
            || (request != null
                && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0)) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }

  static String stamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Whether two statuses differ in anything but volatile fields (none are volatile here). */
  public static boolean same(PodStatus a, PodStatus b) {
    return Objects.equals(a, b);
  }
}
