package dev.convoy.disk.image;

import dev.convoy.disk.UnsafeImageException;
import java.io.IOException;

/**
 * Finds the file a descriptor extent names (beside a local descriptor, or beside a URL) and opens
 * it for inspection. Implementations apply the file rules (regular file, no links).
 */
public interface ExtentResolver {
  /** Locates the extent's file; {@code extent.fileName()} has already passed {@link PlainNames}. */
  InspectedImage.ResolvedExtent resolve(VmdkExtent extent) throws IOException, UnsafeImageException;

  /** Opens a resolved extent's file for reading. */
  ByteSource open(InspectedImage.ResolvedExtent extent) throws IOException;
}
