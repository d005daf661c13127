package dev.convoy.operator.admission;

/**
 * One admission failure: the JSON path of the offending field (KubeVirt/Kubernetes style, e.g.
 * {@code spec.template.spec.domain.devices.disks[1].name}) and what is wrong with it.
 */
public record FieldError(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
