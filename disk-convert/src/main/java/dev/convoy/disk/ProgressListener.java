package dev.convoy.disk;

/** Receives progress reports; called from the converting thread or qemu-img's output reader. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = progress -> {};

  void onProgress(ConversionProgress progress);
}
