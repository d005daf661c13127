package dev.convoy.handler.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretStringDataTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String b64(String text) {
    return Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("stringData is encoded into data, wins over data for the same key, and is dropped")
  void stringDataBecomesData() throws Exception {
    JsonNode secret =
        MAPPER.readTree(
            "{\"kind\":\"Secret\",\"data\":{\"a\":\""
                + b64("old")
                + "\",\"b\":\""
                + b64("kept")
                + "\"},\"stringData\":{\"a\":\"new\",\"c\":\"ünï\"}}");

    JsonNode stored = SecretStringData.normalise(secret);

    assertThat(stored.has("stringData")).isFalse();
    assertThat(stored.path("data").path("a").asText()).isEqualTo(b64("new"));
    assertThat(stored.path("data").path("b").asText()).isEqualTo(b64("kept"));
    assertThat(stored.path("data").path("c").asText()).isEqualTo(b64("ünï"));
    assertThat(secret.has("stringData")).as("the input is not changed").isTrue();
  }

  @Test
  @DisplayName("a Secret with only stringData gets data; one without stringData is left alone")
  void onlyStringDataOrNone() throws Exception {
    JsonNode only = MAPPER.readTree("{\"kind\":\"Secret\",\"stringData\":{\"k\":\"v\"}}");
    assertThat(SecretStringData.normalise(only).path("data").path("k").asText())
        .isEqualTo(b64("v"));

    JsonNode none = MAPPER.readTree("{\"kind\":\"Secret\",\"data\":{\"k\":\"" + b64("v") + "\"}}");
    assertThat(SecretStringData.normalise(none)).isSameAs(none);

    JsonNode empty = MAPPER.readTree("{\"kind\":\"Secret\",\"stringData\":{}}");
    assertThat(SecretStringData.normalise(empty).has("stringData")).isFalse();
  }
}
