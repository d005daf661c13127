package dev.convoy.launcher.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a libvirt XML document: a name, attributes in insertion order, child elements and
 * optional text. Attributes and children keep the order they were added in, so rendering the same
 * tree always gives the same bytes.
 *
 * <p>Mutable while a conversion step builds it; {@link DomainXmlWriter} only reads it.
 */
public final class XmlElement {
  private final String name;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<XmlElement> children = new ArrayList<>();
  private String text;

  private XmlElement(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("element name is empty");
    }
    this.name = name;
  }

  /** A new element without attributes or content. */
  public static XmlElement element(String name) {
    return new XmlElement(name);
  }

  /** A new element holding only {@code text}. */
  public static XmlElement textElement(String name, Object text) {
    return new XmlElement(name).text(String.valueOf(text));
  }

  /** Sets an attribute; a {@code null} value leaves the attribute out. */
  public XmlElement attr(String attribute, Object value) {
    if (value != null) {
      attributes.put(attribute, String.valueOf(value));
    } else {
      attributes.remove(attribute);
    }
    return this;
  }

  /** Appends a child element. */
  public XmlElement child(XmlElement child) {
    children.add(Objects.requireNonNull(child, "child"));
    return this;
  }

  /** Appends a new child element named {@code childName} and returns the child. */
  public XmlElement addChild(String childName) {
    XmlElement child = new XmlElement(childName);
    children.add(child);
    return child;
  }

  /** Sets the text content. */
  public XmlElement text(String value) {
    this.text = value;
    return this;
  }

  public String name() {
    return name;
  }

  /** The attributes in insertion order (read-only view). */
  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  /** The value of an attribute, or {@code null}. */
  public String attribute(String attribute) {
    return attributes.get(attribute);
  }

  /** The children in insertion order (read-only view). */
  public List<XmlElement> children() {
    return Collections.unmodifiableList(children);
  }

  /** The first child named {@code childName}, or {@code null}. */
  public XmlElement firstChild(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst().orElse(null);
  }

  public String text() {
    return text;
  }

  /** This element rendered as an XML fragment (for tests and messages). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    DomainXmlWriter.write(this, 0, out);
    return out.toString();
  }
}
