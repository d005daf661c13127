package dev.convoy.disk.http;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.image.ByteSource;
import dev.convoy.disk.image.ExtentResolver;
import dev.convoy.disk.image.InspectedImage;
import dev.convoy.disk.image.VmdkExtent;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.Optional;

/**
 * Resolves descriptor extents beside a descriptor URL: the extent's plain name replaces the last
 * path segment and the query string is kept (vCenter's {@code ?dcPath=...&dsName=...}).
 */
public final class HttpExtentResolver implements ExtentResolver {
  private final HttpClient client;
  private final URI descriptorUrl;
  private final HttpAccess access;

  public HttpExtentResolver(HttpClient client, URI descriptorUrl, HttpAccess access) {
    this.client = client;
    this.descriptorUrl = descriptorUrl;
    this.access = access;
  }

  /** The URL of a file named {@code name} beside {@code url}. */
  public static URI sibling(URI url, String name) {
    String path = url.getPath();
    String parent = path.substring(0, path.lastIndexOf('/') + 1);
    try {
      return new URI(
          url.getScheme(),
          url.getRawAuthority() == null ? null : url.getAuthority(),
          parent + name,
          url.getQuery(),
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build a URL for " + name, e);
    }
  }

  @Override
  public InspectedImage.ResolvedExtent resolve(VmdkExtent extent)
      throws IOException, UnsafeImageException {
    URI url = sibling(descriptorUrl, extent.fileName().orElseThrow());
    try (HttpRangeSource source =
        HttpRangeSource.open(client, url, access, HttpRangeSource.INSPECTION_BLOCK)) {
      return new InspectedImage.ResolvedExtent(extent, Optional.of(url.toString()), source.size());
    } catch (UnsafeImageException e) {
      throw e;
    } catch (DiskConvertException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public ByteSource open(InspectedImage.ResolvedExtent extent) throws IOException {
    try {
      return HttpRangeSource.open(
          client,
          URI.create(extent.location().orElseThrow()),
          access,
          HttpRangeSource.INSPECTION_BLOCK);
    } catch (DiskConvertException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
