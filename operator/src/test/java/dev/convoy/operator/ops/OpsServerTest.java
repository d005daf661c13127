package dev.convoy.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("ops endpoints and JSON logs")
class OpsServerTest {

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("/metrics in Prometheus text format, /healthz and /readyz follow their checks")
  void endpoints() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.recordVmStatus("ns/a", "Running");
    metrics.recordVmStatus("ns/b", "Running");
    metrics.recordVmStatus("ns/c", "Stopped");
    metrics.recordVmiPhase("ns/a", "Running");
    metrics.recordApiRequest("pods", "create");
    metrics.forgetVm("ns/c");
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OpsServer server = new OpsServer(0, metrics, () -> true, ready::get)) {
      HttpResponse<String> m = get(server.port(), "/metrics");
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
      assertThat(m.body())
          .contains("# TYPE convoy_virtualmachines gauge")
          .contains("convoy_virtualmachines{printable_status=\"Running\"} 2")
          .doesNotContain("printable_status=\"Stopped\"")
          .contains("convoy_virtualmachineinstances{phase=\"Running\"} 1")
          .contains("convoy_api_requests_total{resource=\"pods\",verb=\"create\"} 1")
          .contains("jvm_memory_heap_used_bytes ");
      assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a log record is one JSON object with the MDC and the error")
  void jsonLogs() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "pod {0} \"gone\"\nretrying");
    r.setParameters(new Object[] {"virt-launcher-a-bcdfg"});
    r.setLoggerName("dev.convoy.test");
    r.setThrown(new IllegalStateException("boom"));
    MDC.put("resource.name", "vm1");
    String line;
    try {
      line = new JsonLogFormatter().format(r);
    } finally {
      MDC.clear();
    }
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    assertThat(node.get("level").asText()).isEqualTo("WARNING");
    assertThat(node.get("msg").asText()).isEqualTo("pod virt-launcher-a-bcdfg \"gone\"\nretrying");
    assertThat(node.get("resource.name").asText()).isEqualTo("vm1");
    assertThat(node.get("error").asText()).contains("IllegalStateException: boom");
  }
}
