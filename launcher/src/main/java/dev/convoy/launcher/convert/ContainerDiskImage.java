package dev.convoy.launcher.convert;

import java.nio.file.Path;

/**
 * The disk image a containerDisk volume's container image provides on this host, and its format
 * ({@code raw} or {@code qcow2}): the read-only backing file of the VM's ephemeral overlay.
 */
public record ContainerDiskImage(Path file, String format) {}
