package dev.convoy.plans.waves;

import java.util.List;

/** A wave the plan lists by hand: its name and member VM ids. */
public record ExplicitWave(String name, List<String> vmIds) {
  public ExplicitWave {
    vmIds = List.copyOf(vmIds);
  }
}
