package dev.convoy.plans.yaml;

/** Small text helpers for error messages. */
public final class Texts {
  private Texts() {}

  /** {@code text} cut to {@code max} characters with an ellipsis, control characters escaped. */
  public static String abbreviate(String text, int max) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < text.length() ? out + "…" : out.toString();
  }
}
