package dev.convoy.launcher.convert;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.convoy.api.ExtensibleObject;
import dev.convoy.launcher.domain.Domain;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rejects every VMI field the launcher does not turn into domain XML, so an unsupported feature
 * (gpus, hostDevices, hugepages, a binding plugin, ...) is an error naming the field instead of a
 * domain that silently lacks it.
 *
 * <p>The api model keeps fields it does not name in {@link
 * ExtensibleObject#getAdditionalProperties} (forward compatibility with newer KubeVirt). This step
 * walks the spec and reports each such field, except the few the launcher handles itself or that do
 * not concern the domain. Fields the model names but the launcher cannot honour (e.g. {@code
 * dedicatedCpuPlacement}) are checked by the step that owns them.
 */
final class SupportedFieldsStep implements DomainStep {

  /**
   * Fields the model does not name that are fine: handled by a later step, or not part of the
   * domain at all (probes and DNS belong to the node agent and the pod).
   */
  static final Map<String, String> ALLOWED_UNMODELLED =
      Map.of(
          "spec.domain.devices.rng", "a virtio RNG (RngStep)",
          "spec.readinessProbe", "run by the node agent",
          "spec.livenessProbe", "run by the node agent",
          "spec.dnsPolicy", "pod DNS",
          "spec.dnsConfig", "pod DNS",
          "spec.architecture", "checked by the OS step");

  /** Annotations that change the domain behind the spec's back in KubeVirt. */
  private static final String HOOK_SIDECARS = "hooks.kubevirt.io/hookSidecars";

  @Override
  public void apply(ConversionInput input, Domain domain) {
    var annotations = input.vmi().getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(HOOK_SIDECARS)) {
      input.problem(
          "metadata.annotations[" + HOOK_SIDECARS + "]",
          "hook sidecars (which rewrite the domain XML) are not supported by the Convoy launcher");
    }
    walk(input.spec(), "spec", input);
  }

  private static void walk(Object value, String path, ConversionInput input) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", input);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
        walk(entry.getValue(), path + "." + entry.getKey(), input);
      }
      return;
    }
    if (!(value instanceof ExtensibleObject object)) {
      return;
    }
    for (String unknown : new TreeMap<>(object.getAdditionalProperties()).keySet()) {
      String field = path + "." + unknown;
      if (!ALLOWED_UNMODELLED.containsKey(field)) {
        input.problem(field, "not supported by the Convoy launcher");
      }
    }
    for (Class<?> type = object.getClass();
        type != null && type != ExtensibleObject.class;
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        walk(read(field, object), path + "." + jsonName(field), input);
      }
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  private static String jsonName(Field field) {
    JsonProperty property = field.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : field.getName();
  }
}
