package dev.convoy.launcher.domain;

import java.util.Map;

/**
 * Renders {@link XmlElement} trees and {@link Domain}s as libvirt XML: two-space indentation,
 * single-quoted attributes (the style of {@code virsh dumpxml}), one element per line, a trailing
 * newline. The same input always renders to the same bytes, which the golden-file tests rely on.
 */
public final class DomainXmlWriter {
  private DomainXmlWriter() {}

  /** The whole domain document. */
  public static String render(Domain domain) {
    StringBuilder out = new StringBuilder();
    write(domain.toXmlElement(), 0, out);
    return out.toString();
  }

  static void write(XmlElement element, int depth, StringBuilder out) {
    indent(depth, out);
    out.append('<').append(element.name());
    for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
      out.append(' ')
          .append(attribute.getKey())
          .append("='")
          .append(escape(attribute.getValue()))
          .append('\'');
    }
    boolean hasText = element.text() != null && !element.text().isEmpty();
    if (element.children().isEmpty() && !hasText) {
      out.append("/>\n");
      return;
    }
    out.append('>');
    if (hasText) {
      out.append(escape(element.text()));
    }
    if (!element.children().isEmpty()) {
      out.append('\n');
      for (XmlElement child : element.children()) {
        write(child, depth + 1, out);
      }
      indent(depth, out);
    }
    out.append("</").append(element.name()).append(">\n");
  }

  private static void indent(int depth, StringBuilder out) {
    out.append("  ".repeat(depth));
  }

  /** Escapes the five XML special characters; control characters are rejected by validation. */
  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '\'' -> escaped.append("&apos;");
        case '"' -> escaped.append("&quot;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
