package dev.convoy.launcher.accel;

import dev.convoy.launcher.convert.Accelerator;

/** The accelerator the launcher uses and why, for its log and the domain status. */
public record AcceleratorChoice(Accelerator accelerator, String reason) {}
