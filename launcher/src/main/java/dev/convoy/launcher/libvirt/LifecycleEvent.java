package dev.convoy.launcher.libvirt;

/**
 * A libvirt lifecycle event for one domain.
 *
 * @param domainName the domain
 * @param type libvirt's event type (Defined, Undefined, Started, Suspended, Resumed, Stopped,
 *     Shutdown, PMSuspended, Crashed)
 * @param detail libvirt's detail for the type (e.g. Destroyed for Stopped)
 */
public record LifecycleEvent(String domainName, String type, String detail) {}
