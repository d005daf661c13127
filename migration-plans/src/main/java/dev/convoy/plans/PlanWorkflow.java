package dev.convoy.plans;

import dev.convoy.api.convoy.v1alpha1.SourceProvider;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.plans.parse.InvalidPlanException;
import dev.convoy.plans.parse.ParsedPlan;
import dev.convoy.plans.parse.PlanParser;
import dev.convoy.plans.resolve.PlanResolver;
import dev.convoy.plans.resolve.ResolvedPlan;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WavePlanner;
import dev.convoy.plans.yaml.YamlProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The steps {@code convoy plan} and {@code convoy generate} share: read the plan, read its
 * inventory, resolve, plan waves. File reading happens here; everything after is pure.
 */
public final class PlanWorkflow {
  private PlanWorkflow() {}

  /** A plan resolved against its inventory and its waves. */
  public record Planned(ResolvedPlan resolved, WavePlan waves) {}

  /** The inventory cannot be had: the message says how to get one. */
  public static final class InventoryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryUnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code planFile}, the inventory ({@code inventories} merged, or the plan's own {@code
   * source.provider.inventory.file}, relative to the plan), resolves and plans.
   *
   * @throws InvalidPlanException for any problem in the plan, with positions
   * @throws InventoryCodec.InvalidInventoryException for a bad inventory file
   */
  public static Planned plan(Path planFile, List<Path> inventories)
      throws IOException, InventoryUnavailableException {
    ParsedPlan parsed;
    try {
      parsed = PlanParser.read(planFile);
    } catch (NoSuchFileException e) {
      throw new InventoryUnavailableException("plan file " + planFile + " does not exist");
    }
    Inventory inventory = inventory(planFile, parsed, inventories);
    ResolvedPlan resolved = PlanResolver.resolve(parsed, inventory);
    return new Planned(resolved, WavePlanner.plan(resolved.plannerInput()));
  }

  private static Inventory inventory(Path planFile, ParsedPlan parsed, List<Path> files)
      throws IOException, InventoryUnavailableException {
    if (files.isEmpty()) {
      SourceProvider provider = parsed.plan().getSpec().getSource().getProvider();
      if (provider != null && provider.getInventory() != null) {
        Path base = planFile.toAbsolutePath().getParent();
        Path file = base.resolve(provider.getInventory().getFile()).normalize();
        if (!Files.exists(file)) {
          throw new InvalidPlanException(
              List.of(
                  new YamlProblem(
                      parsed.at("spec.source.provider.inventory.file"),
                      "inventory file " + file + " does not exist")));
        }
        return InventoryCodec.read(file);
      }
      String kind = provider != null && provider.getVsphere() != null ? "vsphere" : "ova";
      throw new InventoryUnavailableException(
          "the plan's source is "
              + kind
              + "; collect its inventory first (convoy inventory ... -o inventory.yaml) and pass"
              + " --inventory inventory.yaml");
    }
    Inventory merged = null;
    for (Path file : files) {
      if (!Files.exists(file)) {
        throw new InventoryUnavailableException("inventory file " + file + " does not exist");
      }
      Inventory inventory = InventoryCodec.read(file);
      merged = merged == null ? inventory : merged.merge(inventory);
    }
    return merged;
  }
}
