package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What the API server does with a Secret's {@code stringData} before storing it: each entry is
 * base64-encoded into {@code data} (overriding a {@code data} entry of the same key) and {@code
 * stringData} itself is dropped, so it is never stored or returned. Pods' {@code secretKeyRef}s and
 * secret volumes read {@code data} only.
 */
final class SecretStringData {
  private SecretStringData() {}

  /** The Secret as stored: {@code secret} unchanged when it has no stringData, else a copy. */
  static JsonNode normalise(JsonNode secret) {
    if (secret == null || !secret.isObject() || !secret.has("stringData")) {
      return secret;
    }
    ObjectNode result = secret.deepCopy();
    JsonNode stringData = result.remove("stringData");
    if (!stringData.isObject() || stringData.isEmpty()) {
      return result;
    }
    ObjectNode data =
        result.get("data") instanceof ObjectNode existing ? existing : result.putObject("data");
    for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isNull()) {
        continue;
      }
      data.put(
          entry.getKey(),
          Base64.getEncoder()
              .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
    return result;
  }
}
