package dev.convoy.importer.vsphere;

import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveResult;
import java.util.function.Consumer;

/**
 * The {@code RetrievePropertiesEx} / {@code ContinueRetrievePropertiesEx} loop: the server returns
 * at most {@code maxObjects} objects per page plus a token for the next page.
 */
public final class PropertyCollection {
  private PropertyCollection() {}

  /** The pages of one retrieval: the first call, then continuations by token. */
  public interface PageSource {
    /** {@code RetrievePropertiesEx}. */
    RetrieveResult first() throws VsphereException;

    /** {@code ContinueRetrievePropertiesEx} with the previous page's token. */
    RetrieveResult next(String token) throws VsphereException;
  }

  /**
   * Reads every page, handing each object to {@code sink} in order.
   *
   * @return the number of pages read
   */
  public static int readAll(PageSource source, Consumer<ObjectContent> sink)
      throws VsphereException {
    int pages = 0;
    RetrieveResult page = source.first();
    while (page != null) {
      pages++;
      if (page.objects != null) {
        for (ObjectContent object : page.objects) {
          sink.accept(object);
        }
      }
      if (page.token == null || page.token.isEmpty()) {
        break;
      }
      page = source.next(page.token);
    }
    return pages;
  }

  /** A property spec for {@code type} with {@code paths}. */
  public static PropertySpec propertySpec(String type, String... paths) {
    PropertySpec spec = new PropertySpec();
    spec.type = type;
    spec.all = Boolean.FALSE;
    spec.pathSet = paths;
    return spec;
  }
}
