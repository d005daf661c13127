package dev.convoy.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("admission webhook over HTTPS (AdmissionReview v1)")
class WebhookServerTest {

  static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  static WebhookServer server;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    Path p12 = dir.resolve("webhook.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "webhook",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=convoy-webhook.convoy-system.svc",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();

    // Serve from PEM files, as mounted from a kubernetes.io/tls Secret.
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD);
    }
    PrivateKey key = (PrivateKey) store.getKey("webhook", PASSWORD);
    Certificate cert = store.getCertificate("webhook");
    Path crt = dir.resolve("tls.crt");
    Path pem = dir.resolve("tls.key");
    Files.writeString(crt, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded()));
    server =
        new WebhookServer(
            0,
            TlsContexts.fromPem(crt, pem),
            new Admission(Set.of("system:serviceaccount:convoy-system:convoy-operator")));

    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext trust = SSLContext.getInstance("TLS");
    trust.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(trust).build();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode post(String path, Object object, Object old, String user) throws Exception {
    ObjectNode review = Serialization.json().createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "req-1");
    request.put("operation", old == null ? "CREATE" : "UPDATE");
    request.putObject("userInfo").put("username", user);
    request.set("object", Serialization.toTree(object));
    if (old != null) {
      request.set("oldObject", Serialization.toTree(old));
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(review.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Serialization.json().readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(body.path("response").path("uid").asText()).isEqualTo("req-1");
    return body.path("response");
  }

  @Test
  @DisplayName("mutate returns a JSON Patch that, applied, gives the defaulted VMI")
  void mutates() throws Exception {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u", "");
    vmi.setKind("VirtualMachineInstance");
    vmi.setApiVersion("kubevirt.io/v1");
    JsonNode response = post("/virtualmachineinstances-mutate", vmi, null, "alice");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch =
        Serialization.json().readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    JsonNode patched = JsonPatch.apply(patch, Serialization.toTree(vmi));
    assertThat(patched.at("/spec/domain/machine/type").asText()).isEqualTo("q35");
    assertThat(patched.at("/spec/terminationGracePeriodSeconds").asLong()).isEqualTo(30);
    assertThat(patched.at("/spec/networks/0/name").asText()).isEqualTo("default");
    assertThat(patched.at("/metadata/finalizers/0").asText())
        .isEqualTo("kubevirt.io/foregroundDeleteVirtualMachine");
  }

  @Test
  @DisplayName("validate denies with 422 and one cause per field")
  void denies() throws Exception {
    VirtualMachine vm = Fixtures.vm("ns", "vm", "Always");
    vm.setKind("VirtualMachine");
    vm.setApiVersion("kubevirt.io/v1");
    vm.getSpec().setRunning(true);
    vm.getSpec()
        .getTemplate()
        .getSpec()
        .getDomain()
        .getDevices()
        .getDisks()
        .get(0)
        .setBootOrder(-1);
    JsonNode response = post("/virtualmachines-validate", vm, null, "alice");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(422);
    assertThat(response.at("/status/reason").asText()).isEqualTo("Invalid");
    assertThat(response.at("/status/details/causes"))
        .extracting(c -> c.path("field").asText())
        .containsExactly("spec.running", "spec.template.spec.domain.devices.disks[0].bootOrder");
  }

  @Test
  @DisplayName("validate-update refuses a user's VMI spec change and allows Convoy's own")
  void vmiUpdate() throws Exception {
    VirtualMachineInstance old = Fixtures.vmi("ns", "vm", "u", "Running");
    old.setKind("VirtualMachineInstance");
    VirtualMachineInstance changed = Serialization.deepCopy(old);
    changed.getSpec().setHostname("other");
    assertThat(
            post("/virtualmachineinstances-validate-update", changed, old, "alice")
                .path("allowed")
                .asBoolean())
        .isFalse();
    assertThat(
            post(
                    "/virtualmachineinstances-validate-update",
                    changed,
                    old,
                    "system:serviceaccount:convoy-system:convoy-operator")
                .path("allowed")
                .asBoolean())
        .isTrue();
  }

  @Test
  @DisplayName("a body that is not an AdmissionReview gets 400")
  void badRequest() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/virtualmachines-validate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("AdmissionReview");
  }
}
