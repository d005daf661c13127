package dev.convoy.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.JsonDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook endpoint (KubeVirt's virt-api webhooks) over HTTPS, on the JDK's {@link
 * HttpsServer}. It speaks {@code admission.k8s.io/v1} AdmissionReview and serves:
 *
 * <ul>
 *   <li>{@code POST /virtualmachines-mutate}, {@code POST /virtualmachineinstances-mutate}:
 *       allowed, with a JSON Patch ({@code patchType: JSONPatch}) of the defaults;
 *   <li>{@code POST /virtualmachines-validate}, {@code POST
 *       /virtualmachineinstances-validate-create}, {@code POST
 *       /virtualmachineinstances-validate-update}: allowed, or denied with code 422, reason Invalid
 *       and one {@code details.causes[]} entry (type FieldValueInvalid, field, message) per
 *       problem.
 * </ul>
 *
 * A request that is not an AdmissionReview gets HTTP 400. The decision itself is {@link
 * Admission}'s.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  /** The paths served; the webhook configurations in deploy/ point at these. */
  public static final List<String> PATHS =
      List.of(
          "/virtualmachines-mutate",
          "/virtualmachineinstances-mutate",
          "/virtualmachines-validate",
          "/virtualmachineinstances-validate-create",
          "/virtualmachineinstances-validate-update");

  private static final ObjectMapper JSON = Serialization.json();

  private final HttpsServer server;
  private final Admission admission;
  private final ExecutorService executor;

  /** Starts serving on {@code port} (0 picks one) with the key and certificate in {@code tls}. */
  public WebhookServer(int port, SSLContext tls, Admission admission) throws IOException {
    this.admission = admission;
    server = HttpsServer.create(new InetSocketAddress(port), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    for (String path : PATHS) {
      server.createContext(path, this::handle);
    }
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "admission-webhook");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"error\":\"only POST is served\"}");
        return;
      }
      JsonNode review;
      try (InputStream in = ex.getRequestBody()) {
        review = JSON.readTree(in);
      } catch (IOException e) {
        send(ex, 400, error("the body is not JSON: " + e.getMessage()));
        return;
      }
      JsonNode request = review == null ? null : review.get("request");
      if (request == null || !request.hasNonNull("uid") || !request.hasNonNull("object")) {
        send(
            ex,
            400,
            error("the body is not an AdmissionReview with request.uid and request.object"));
        return;
      }
      boolean mutating = ex.getRequestURI().getPath().endsWith("-mutate");
      ObjectNode response = JSON.createObjectNode();
      response.put("uid", request.get("uid").asText());
      try {
        if (mutating) {
          mutate(request, response);
        } else {
          validate(request, response);
        }
      } catch (IllegalArgumentException e) {
        deny(response, List.of(new FieldError("", "cannot read the object: " + e.getMessage())));
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("apiVersion", "admission.k8s.io/v1");
      out.put("kind", "AdmissionReview");
      out.set("response", response);
      send(ex, 200, JSON.writeValueAsString(out));
    } catch (RuntimeException e) {
      LOG.error("admission request failed", e);
    }
  }

  private void mutate(JsonNode request, ObjectNode response) {
    JsonNode original = request.get("object");
    HasMetadata object = read(original);
    if (object == null) {
      response.put("allowed", true);
      return;
    }
    JsonNode mutated = Serialization.toTree(admission.mutate(object));
    JsonNode patch = JsonDiff.asJson(Serialization.toTree(object), mutated);
    response.put("allowed", true);
    if (patch.size() > 0) {
      response.put("patchType", "JSONPatch");
      response.put(
          "patch",
          Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private void validate(JsonNode request, ObjectNode response) {
    HasMetadata object = read(request.get("object"));
    JsonNode oldNode = request.get("oldObject");
    HasMetadata old = oldNode == null || oldNode.isNull() ? null : read(oldNode);
    String user = request.path("userInfo").path("username").asText(null);
    List<FieldError> errors = object == null ? List.of() : admission.validate(old, object, user);
    if (errors.isEmpty()) {
      response.put("allowed", true);
    } else {
      deny(response, errors);
    }
  }

  private static void deny(ObjectNode response, List<FieldError> errors) {
    response.put("allowed", false);
    ObjectNode status = response.putObject("status");
    status.put("code", 422);
    status.put("reason", "Invalid");
    StringBuilder message = new StringBuilder();
    ArrayNode causes = status.putObject("details").putArray("causes");
    for (FieldError e : errors) {
      message.append(message.length() == 0 ? "" : ", ").append(e);
      ObjectNode cause = causes.addObject();
      cause.put("type", "FieldValueInvalid");
      cause.put("message", e.message());
      cause.put("field", e.field());
    }
    status.put("message", message.toString());
  }

  private static HasMetadata read(JsonNode node) {
    String kind = node.path("kind").asText("");
    return switch (kind) {
      case "VirtualMachine" -> JSON.convertValue(node, VirtualMachine.class);
      case "VirtualMachineInstance" -> JSON.convertValue(node, VirtualMachineInstance.class);
      default -> null; // not ours: admit unchanged
    };
  }

  private static String error(String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", message);
    return n.toString();
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
