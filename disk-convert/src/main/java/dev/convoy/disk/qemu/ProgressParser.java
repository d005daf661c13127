package dev.convoy.disk.qemu;

import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code qemu-img convert -p} output, {@code " (12.34/100%)\r"} records separated by
 * carriage returns (and a final newline), into fractions 0..1. Feed it chunks as they arrive; a
 * record split across chunks is joined.
 */
public final class ProgressParser {
  private static final Pattern RECORD = Pattern.compile("\\((\\d{1,3}\\.\\d{2})/100%\\)");

  private final DoubleConsumer listener;
  private final StringBuilder pending = new StringBuilder();
  private double last = -1;

  public ProgressParser(DoubleConsumer listener) {
    this.listener = listener;
  }

  /** Feeds the next chunk of stdout. */
  public void accept(CharSequence chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\r' || c == '\n') {
        flushRecord();
      } else if (pending.length() < 256) {
        pending.append(c);
      }
    }
  }

  /** Parses whatever is left when the stream ends. */
  public void finish() {
    flushRecord();
  }

  private void flushRecord() {
    Matcher m = RECORD.matcher(pending);
    if (m.find()) {
      double fraction = Math.min(1.0, Double.parseDouble(m.group(1)) / 100.0);
      if (fraction != last) {
        last = fraction;
        listener.accept(fraction);
      }
    }
    pending.setLength(0);
  }
}
