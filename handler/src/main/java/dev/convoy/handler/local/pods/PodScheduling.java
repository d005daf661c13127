package dev.convoy.handler.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local runtime's scheduler for its one node, as a pure function: a pod is bound when the node
 * can run it (its images are Convoy images the runtime runs as processes, its nodeSelector and
 * required node affinity match the node's labels, the node's NoSchedule taints are tolerated, and
 * its resource requests fit next to the pods already bound), otherwise it stays Pending with
 * condition PodScheduled=False and a message in kube-scheduler's words.
 */
public final class PodScheduling {

  /** Why a pod cannot be scheduled: the reason of PodScheduled=False. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** The reason for pods whose images the local runtime cannot run. */
  public static final String UNSUPPORTED_IMAGE = "UnsupportedImage";

  private PodScheduling() {}

  /** The outcome for one pod. */
  public sealed interface Decision {
    /** Bind the pod to the node. */
    record Bind(String nodeName) implements Decision {}

    /** Leave it Pending with PodScheduled=False. */
    record Unschedulable(String reason, String message) implements Decision {}
  }

  /** Whether this scheduler is responsible: the default scheduler and not yet bound. */
  public static boolean isPending(Pod pod) {
    String scheduler = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return pod.getSpec() != null
        && (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty())
        && (scheduler == null || scheduler.isEmpty() || scheduler.equals("default-scheduler"))
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * Decides where {@code pod} goes.
   *
   * @param bound the pods already bound to {@code node}
   */
  public static Decision decide(Pod pod, Node node, List<Pod> bound, LocalImages images) {
    List<String> unsupported = new ArrayList<>();
    for (Container container : containers(pod)) {
      if (images.mainClassFor(container.getImage()).isEmpty()) {
        unsupported.add(container.getName() + " (" + container.getImage() + ")");
      }
    }
    if (!unsupported.isEmpty()) {
      return new Decision.Unschedulable(
          UNSUPPORTED_IMAGE,
          "Unsupported image in the local runtime: container "
              + String.join(", ", unsupported)
              + "; only Convoy's images run here, as local processes (images starting with "
              + String.join(", ", images.prefixes())
              + ")");
    }
    String nodeName = node.getMetadata().getName();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (!selectorMatches(pod, labels)) {
      return unschedulable("node(s) didn't match Pod's node affinity/selector");
    }
    Taint untolerated = untoleratedTaint(pod, node);
    if (untolerated != null) {
      return unschedulable(
          "node(s) had untolerated taint {"
              + untolerated.getKey()
              + (untolerated.getValue() == null ? "" : ": " + untolerated.getValue())
              + "}");
    }
    Map<String, BigDecimal> requested = requests(pod);
    Map<String, BigDecimal> used = new HashMap<>();
    for (Pod other : bound) {
      if (isTerminal(other)
          || Objects.equals(other.getMetadata().getUid(), pod.getMetadata().getUid())) {
        continue;
      }
      requests(other).forEach((resource, amount) -> used.merge(resource, amount, BigDecimal::add));
    }
    Map<String, Quantity> allocatable =
        node.getStatus() == null || node.getStatus().getAllocatable() == null
            ? Map.of()
            : node.getStatus().getAllocatable();
    List<String> insufficient = new ArrayList<>();
    for (Map.Entry<String, BigDecimal> request : requested.entrySet()) {
      if (request.getValue().signum() <= 0) {
        continue;
      }
      Quantity capacity = allocatable.get(request.getKey());
      BigDecimal free =
          (capacity == null ? BigDecimal.ZERO : capacity.getNumericalAmount())
              .subtract(used.getOrDefault(request.getKey(), BigDecimal.ZERO));
      if (request.getValue().compareTo(free) > 0) {
        insufficient.add("Insufficient " + request.getKey());
      }
    }
    if (!insufficient.isEmpty()) {
      return unschedulable(String.join(", ", insufficient));
    }
    return new Decision.Bind(nodeName);
  }

  private static Decision unschedulable(String why) {
    return new Decision.Unschedulable(
        UNSCHEDULABLE, "0/1 nodes are available: 1 " + why + ". preemption: not available.");
  }

  static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      all.addAll(pod.getSpec().getInitContainers());
    }
    if (pod.getSpec().getContainers() != null) {
      all.addAll(pod.getSpec().getContainers());
    }
    return all;
  }

  static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** The pod's effective requests: the sum over containers, or the largest init container. */
  static Map<String, BigDecimal> requests(Pod pod) {
    Map<String, BigDecimal> sum = new HashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      add(sum, container);
    }
    if (pod.getSpec().getInitContainers() != null) {
      for (Container init : pod.getSpec().getInitContainers()) {
        Map<String, BigDecimal> one = new HashMap<>();
        add(one, init);
        one.forEach((resource, amount) -> sum.merge(resource, amount, BigDecimal::max));
      }
    }
    return sum;
  }

  private static void add(Map<String, BigDecimal> sum, Container container) {
    if (container.getResources() == null) {
      return;
    }
    Map<String, Quantity> requests = container.getResources().getRequests();
    if (requests == null || requests.isEmpty()) {
      requests = container.getResources().getLimits(); // limits default the requests
    }
    if (requests != null) {
      requests.forEach(
          (resource, quantity) ->
              sum.merge(resource, quantity.getNumericalAmount(), BigDecimal::add));
    }
  }

  private static boolean selectorMatches(Pod pod, Map<String, String> labels) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null) {
      for (Map.Entry<String, String> entry : selector.entrySet()) {
        if (!entry.getValue().equals(labels.get(entry.getKey()))) {
          return false;
        }
      }
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    if (terms == null || terms.isEmpty()) {
      return true;
    }
    for (NodeSelectorTerm term : terms) { // terms are ORed, expressions ANDed
      if (termMatches(term, labels)) {
        return true;
      }
    }
    return false;
  }

  private static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels) {
    if (term.getMatchExpressions() == null) {
      return true;
    }
    for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
      String value = labels.get(requirement.getKey());
      List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
      boolean matches =
          switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> value != null && compare(value, values) > 0;
            case "Lt" -> value != null && compare(value, values) < 0;
            default -> false;
          };
      if (!matches) {
        return false;
      }
    }
    return true;
  }

  private static int compare(String value, List<String> values) {
    try {
      return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static Taint untoleratedTaint(Pod pod, Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return null;
    }
    List<Toleration> tolerations =
        pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    for (Taint taint : node.getSpec().getTaints()) {
      if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
        continue;
      }
      boolean tolerated =
          tolerations.stream()
              .anyMatch(
                  t ->
                      (t.getEffect() == null
                              || t.getEffect().isEmpty()
                              || t.getEffect().equals(taint.getEffect()))
                          && ("Exists".equals(t.getOperator())
                              ? t.getKey() == null
                                  || t.getKey().isEmpty()
                                  || t.getKey().equals(taint.getKey())
                              : Objects.equals(t.getKey(), taint.getKey())
                                  && Objects.equals(t.getValue(), taint.getValue())));
      if (!tolerated) {
        return taint;
      }
    }
    return null;
  }
}
