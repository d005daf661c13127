package dev.convoy.api.testing;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRDs the api build generates from the model, as shipped in the api jar under {@code
 * META-INF/fabric8/}. Tests of other modules install them into the mock server with {@link
 * #load()}: without the CRD the mock server knows nothing of status subresources.
 */
public final class GeneratedCrds {

  /** File names of the generated CRDs, one per kind. */
  public static final List<String> FILES =
      List.of(
          "virtualmachines.kubevirt.io-v1.yml",
          "virtualmachineinstances.kubevirt.io-v1.yml",
          "virtualmachineinstancemigrations.kubevirt.io-v1.yml",
          "migrationplans.convoy.dev-v1.yml",
          "migrations.convoy.dev-v1.yml");

  private GeneratedCrds() {}

  /** Every generated CRD, read from the classpath. */
  public static List<CustomResourceDefinition> load() {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : FILES) {
      crds.add(load(file));
    }
    return crds;
  }

  /** One generated CRD, read from the classpath. */
  public static CustomResourceDefinition load(String file) {
    String resource = "META-INF/fabric8/" + file;
    try (InputStream in = VirtualMachine.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is not on the classpath: build the api module first (mvn -pl api install)");
      }
      return Serialization.yaml().readValue(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The directory the api build generates the CRDs into; only meaningful inside the api module. */
  public static Path directory() {
    try {
      Path classes =
          Path.of(VirtualMachine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.resolve("META-INF/fabric8");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
