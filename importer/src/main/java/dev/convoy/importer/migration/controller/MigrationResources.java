package dev.convoy.importer.migration.controller;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.plans.manifests.GeneratedFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What a Migration refers to besides its plan, and how it is stored: the generated PVC-mode
 * manifests ({@code spec.manifestsRef}, a ConfigMap with gzipped JSON, about a tenth of the YAML's
 * size, so a ConfigMap holds a few thousand VMs) and the vCenter connection ({@code
 * spec.sourceSecretRef}). The CLI writes them, the controller reads them.
 */
public final class MigrationResources {
  /** The ConfigMap key of the manifests. */
  public static final String MANIFESTS_KEY = "manifests.json.gz";

  /**
   * The manifests ConfigMap's key for the importer's assessment of the plan's VMs ({@code convoy
   * assess -o json}): its Critical findings block VMs in the wave pre-flight.
   */
  public static final String ASSESSMENT_KEY = "assessment.json";

  /** Secret keys of the vCenter connection. */
  public static final String URL = "url";

  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String THUMBPRINT = "thumbprint";
  public static final String CA = "ca.crt";
  public static final String INSECURE = "insecure";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrationResources() {}

  /** The manifests ConfigMap's name for the Migration {@code migration}. */
  public static String manifestsName(String migration) {
    return migration + "-manifests";
  }

  /** The vCenter Secret's name for the Migration {@code migration}. */
  public static String sourceSecretName(String migration) {
    return migration + "-source";
  }

  /** The manifests as a ConfigMap's binaryData value (base64 of gzipped JSON). */
  public static String encodeManifests(List<GeneratedFile> files) {
    Map<String, String> byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.put(f.path(), f.content()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      JSON.writeValue(gzip, byPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * The manifests stored in {@code map}.
   *
   * @throws IllegalArgumentException naming the ConfigMap when they are missing or unreadable
   */
  public static List<GeneratedFile> decodeManifests(ConfigMap map) {
    String name = map.getMetadata().getName();
    String data = map.getBinaryData() == null ? null : map.getBinaryData().get(MANIFESTS_KEY);
    if (data == null) {
      throw new IllegalArgumentException("ConfigMap " + name + " has no " + MANIFESTS_KEY);
    }
    Map<String, String> byPath;
    try (GZIPInputStream gzip =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(data)))) {
      byPath = JSON.readValue(gzip, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ConfigMap " + name + ": " + MANIFESTS_KEY + " is unreadable: " + e.getMessage(), e);
    }
    List<GeneratedFile> files = new ArrayList<>();
    byPath.forEach((path, content) -> files.add(new GeneratedFile(path, content)));
    return files;
  }

  /**
   * The vCenter connection stored in a Secret.
   *
   * @param endpoint where
   * @param credentials who
   * @param tls how to trust its certificate
   * @param verifyTlsInPods whether import pods verify it (they get the same trust: a pinned
   *     thumbprint, a CA file or the system trust store; not when the user asked for insecure)
   */
  public record Source(
      VsphereEndpoint endpoint,
      VsphereCredentials credentials,
      TlsPolicy tls,
      boolean verifyTlsInPods) {}

  /** Secret data (plain text values; the CLI writes them as stringData). */
  public static Map<String, String> sourceData(
      String url, String username, char[] password, TlsPolicy tls) throws IOException {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(URL, url);
    data.put(USERNAME, username);
    data.put(PASSWORD, new String(password));
    if (tls instanceof TlsPolicy.Pinned p) {
      data.put(THUMBPRINT, p.thumbprint().toString());
    } else if (tls instanceof TlsPolicy.CaFile c) {
      data.put(CA, Files.readString(c.file()));
    } else if (tls instanceof TlsPolicy.Insecure) {
      data.put(INSECURE, "true");
    }
    return data;
  }

  /**
   * Reads the vCenter connection from {@code secret}.
   *
   * @param scratch where a CA certificate is written for the TLS policy to read
   * @throws IllegalArgumentException naming the Secret and the missing or wrong key
   */
  public static Source source(Secret secret, Path scratch) {
    String name = secret.getMetadata().getName();
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    for (String key : List.of(URL, PASSWORD)) {
      if (data.get(key) == null || data.get(key).isBlank()) {
        throw new IllegalArgumentException("Secret " + name + " lacks the key " + key);
      }
    }
    VsphereEndpoint endpoint;
    try {
      endpoint = VsphereEndpoint.parse(data.get(URL).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Secret " + name + ": url: " + e.getMessage(), e);
    }
    String username = data.getOrDefault(USERNAME, endpoint.user());
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("Secret " + name + " lacks the key " + USERNAME);
    }
    TlsPolicy tls;
    if (data.get(THUMBPRINT) != null) {
      try {
        tls = new TlsPolicy.Pinned(Thumbprint.parse(data.get(THUMBPRINT).trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Secret " + name + ": thumbprint: " + e.getMessage(), e);
      }
    } else if (data.get(CA) != null) {
      try {
        Path ca = scratch.resolve(name + "-ca.crt");
        Files.createDirectories(scratch);
        Files.writeString(ca, data.get(CA));
        tls = new TlsPolicy.CaFile(ca);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if ("true".equalsIgnoreCase(String.valueOf(data.get(INSECURE)).trim())) {
      tls = new TlsPolicy.Insecure();
    } else {
      tls = new TlsPolicy.SystemTrust();
    }
    return new Source(
        endpoint,
        new VsphereCredentials(username, data.get(PASSWORD).toCharArray()),
        tls,
        !(tls instanceof TlsPolicy.Insecure));
  }
}
