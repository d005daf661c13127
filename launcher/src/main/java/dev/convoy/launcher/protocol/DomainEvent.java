package dev.convoy.launcher.protocol;

/**
 * One notification on a {@code Watch} stream: {@code Added} (first status after subscribing, or the
 * domain was defined), {@code Modified} (state or reason changed), {@code Deleted} (the domain was
 * undefined), as KubeVirt's launcher notifies its node agent.
 */
public record DomainEvent(String event, DomainStatus domain) {
  public static final String ADDED = "Added";
  public static final String MODIFIED = "Modified";
  public static final String DELETED = "Deleted";
}
