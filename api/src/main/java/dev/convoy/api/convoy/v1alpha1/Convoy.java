package dev.convoy.api.convoy.v1alpha1;

/** The API group and version of Convoy's own kinds. */
public final class Convoy {

  /** API group. */
  public static final String GROUP = "convoy.dev";

  /** API version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} of the objects. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Category of Convoy's kinds: {@code kubectl get convoy} lists them all. */
  public static final String CATEGORY = "convoy";

  private Convoy() {}
}
