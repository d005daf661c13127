package dev.convoy.launcher.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few libvirt calls libvirt-java 0.5.2 does not wrap: state with reason ({@code
 * virDomainGetState}), shutdown with a method ({@code virDomainShutdownFlags}, to press the ACPI
 * power button rather than let libvirt pick the guest agent) and undefine with flags (to remove EFI
 * variables). Bound with JNA against the same {@code libvirt.so.0}.
 */
interface LibvirtNative extends Library {
  LibvirtNative INSTANCE = Native.load("virt", LibvirtNative.class);

  int VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN = 1;
  int VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1;
  int VIR_DOMAIN_UNDEFINE_NVRAM = 4;

  Pointer virDomainLookupByName(Pointer connection, String name);

  int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

  int virDomainShutdownFlags(Pointer domain, int flags);

  int virDomainUndefineFlags(Pointer domain, int flags);

  int virDomainGetUUIDString(Pointer domain, byte[] buffer);

  int virDomainFree(Pointer domain);

  String virGetLastErrorMessage();

  int virGetLastErrorCode();
}
