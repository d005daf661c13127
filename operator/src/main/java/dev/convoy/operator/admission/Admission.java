package dev.convoy.operator.admission;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * Convoy's admission (KubeVirt's virt-api webhooks) as a plain Java facade: the HTTPS webhook
 * server calls it for a cluster, and the local runtime calls it in-process where no API server runs
 * webhooks. The same {@link Defaults} and {@link Validation} code runs in both places.
 */
public final class Admission {

  private final Set<String> privilegedUsers;

  /**
   * @param privilegedUsers usernames (e.g. {@code
   *     system:serviceaccount:convoy-system:convoy-operator}) that may change a VMI spec, as
   *     KubeVirt's own service accounts may
   */
  public Admission(Set<String> privilegedUsers) {
    this.privilegedUsers = Set.copyOf(privilegedUsers);
  }

  /** Whether {@code username} is one of Convoy's own components. */
  public boolean isPrivileged(String username) {
    return username != null && privilegedUsers.contains(username);
  }

  /**
   * A copy of {@code object} with the defaults applied. VirtualMachines and VirtualMachineInstances
   * are defaulted; anything else is returned unchanged.
   */
  public <T extends HasMetadata> T mutate(T object) {
    T copy = Serialization.deepCopy(object);
    if (copy instanceof VirtualMachine vm) {
      Defaults.applyTo(vm);
    } else if (copy instanceof VirtualMachineInstance vmi) {
      Defaults.applyTo(vmi);
    }
    return copy;
  }

  /** Validates a user's create ({@code old == null}) or update. An empty list means admitted. */
  public List<FieldError> validate(HasMetadata old, HasMetadata object) {
    return validate(old, object, null);
  }

  /** Validates a create ({@code old == null}) or update made by {@code username}. */
  public List<FieldError> validate(HasMetadata old, HasMetadata object, String username) {
    if (object instanceof VirtualMachine vm) {
      return Validation.virtualMachine(vm);
    }
    if (object instanceof VirtualMachineInstance vmi) {
      if (old instanceof VirtualMachineInstance oldVmi) {
        return Validation.virtualMachineInstanceUpdate(oldVmi, vmi, isPrivileged(username));
      }
      return Validation.virtualMachineInstanceCreate(vmi);
    }
    return List.of();
  }

  /** Thrown by {@link #admit} when validation fails; the message lists every field error. */
  public static final class AdmissionDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    AdmissionDeniedException(HasMetadata object, List<FieldError> errors) {
      super(describe(object, errors));
      this.errors = List.copyOf(errors);
    }

    /** The problems found. */
    public List<FieldError> errors() {
      return errors;
    }

    private static String describe(HasMetadata o, List<FieldError> errors) {
      StringBuilder s =
          new StringBuilder()
              .append(o.getKind())
              .append(' ')
              .append(o.getMetadata() == null ? "?" : o.getMetadata().getName())
              .append(" is invalid: ");
      for (int i = 0; i < errors.size(); i++) {
        s.append(i == 0 ? "" : "; ").append(errors.get(i));
      }
      return s.toString();
    }
  }

  /**
   * Mutates then validates, as an API server runs the two webhooks in order: the admitted
   * (defaulted) object, or {@link AdmissionDeniedException}.
   */
  public <T extends HasMetadata> T admit(T old, T object, String username) {
    T mutated = mutate(object);
    List<FieldError> errors = validate(old, mutated, username);
    if (!errors.isEmpty()) {
      throw new AdmissionDeniedException(mutated, errors);
    }
    return mutated;
  }
}
