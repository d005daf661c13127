package dev.convoy.launcher.libvirt;

/**
 * What libvirt says about one domain: its state with the reason, and its UUID.
 *
 * @param name the domain name
 * @param uuid the domain UUID
 * @param state the state
 * @param reason why the domain is in that state, KubeVirt's name (Booted, User, Shutdown,
 *     Destroyed, ...)
 */
public record DomainInfo(String name, String uuid, DomainState state, String reason) {}
