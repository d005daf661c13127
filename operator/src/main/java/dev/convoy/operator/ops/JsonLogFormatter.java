package dev.convoy.operator.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import org.slf4j.MDC;

/**
 * Writes each log record as one JSON object on one line: {@code time}, {@code level}, {@code
 * logger}, {@code thread}, {@code msg}, the SLF4J MDC entries (JOSDK puts {@code resource.name},
 * {@code resource.namespace} and friends there while it reconciles) and {@code error} with the
 * stack trace when there is one. Log collectors index these fields without parsing free text.
 *
 * <p>Configured through {@code java.util.logging} ({@code
 * handlers=java.util.logging.ConsoleHandler}, {@code
 * java.util.logging.ConsoleHandler.formatter=dev.convoy.operator.ops.JsonLogFormatter}). The MDC is
 * read on the logging thread, which is the thread that logged: {@code ConsoleHandler} formats
 * synchronously.
 */
public final class JsonLogFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    field(out, "time", Instant.ofEpochMilli(record.getMillis()).toString());
    out.append(',');
    field(out, "level", record.getLevel().getName());
    out.append(',');
    field(out, "logger", record.getLoggerName());
    out.append(',');
    field(out, "thread", Thread.currentThread().getName());
    out.append(',');
    field(out, "msg", formatMessage(record));
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc != null) {
      for (Map.Entry<String, String> e : mdc.entrySet()) {
        out.append(',');
        field(out, e.getKey(), e.getValue());
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      out.append(',');
      field(out, "error", trace.toString());
    }
    out.append('}').append(System.lineSeparator());
    return out.toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    quote(out, name);
    out.append(':');
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
  }

  /** JSON string escaping (RFC 8259 section 7). */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
