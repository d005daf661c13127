package dev.convoy.plans.waves;

/**
 * "{@code dependentId} needs {@code requiredId}": the required VM moves in the same wave or an
 * earlier one; with {@code together}, in the same wave.
 *
 * @param description how the plan stated it, e.g. {@code web01 needs group db}, for reasons
 */
public record Dependency(
    String dependentId, String requiredId, boolean together, String description) {}
