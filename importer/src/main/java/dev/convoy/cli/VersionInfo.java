package dev.convoy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Convoy's version, stamped into {@code version.properties} by the build. */
public final class VersionInfo implements IVersionProvider {

  /** The Convoy version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return properties().getProperty("version", "unknown");
  }

  /** The KubeVirt API version Convoy serves. */
  public static String kubevirtApi() {
    return properties().getProperty("kubevirtApi", "kubevirt.io/v1");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "convoy " + version(),
      "API: " + kubevirtApi() + ", convoy.dev/v1alpha1",
      "Java: "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + ")",
      "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }

  private static Properties properties() {
    Properties properties = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
