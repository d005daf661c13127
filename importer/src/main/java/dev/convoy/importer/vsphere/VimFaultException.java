package dev.convoy.importer.vsphere;

import com.vmware.vim25.MethodFault;
import java.rmi.RemoteException;

/**
 * A SOAP fault from vSphere with its message intact (yavijava's own fault path loses it on JDK 17)
 * and the parsed fault object, whose {@code dynamicType} names types yavijava does not know.
 */
public final class VimFaultException extends RemoteException {
  private static final long serialVersionUID = 1L;

  private final String faultType;
  private final transient MethodFault fault;

  VimFaultException(String faultString, String faultType, MethodFault fault) {
    super(faultString == null || faultString.isBlank() ? faultType : faultString);
    this.faultType = faultType;
    this.fault = fault;
  }

  /** The fault's vSphere type name, e.g. {@code InvalidLogin}, {@code NotAuthenticated}. */
  public String faultType() {
    return faultType;
  }

  /** The parsed fault, or null when the server sent no detail. */
  public MethodFault fault() {
    return fault;
  }

  /** Whether the fault is {@code type} or a subtype of it (as far as yavijava knows the tree). */
  public boolean is(String type) {
    if (type.equals(faultType)) {
      return true;
    }
    for (Class<?> c = fault == null ? null : fault.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getSimpleName().equals(type)) {
        return true;
      }
    }
    return false;
  }
}
