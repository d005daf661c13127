package dev.convoy.disk.ova;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The parts of an OVF descriptor Convoy needs: the file references and the virtual disks. Parsed
 * with DTDs and external entities disabled.
 */
public record OvfDescriptor(List<FileReference> files, List<VirtualDisk> disks) {
  /** OVF envelope namespace (OVF 1.x and 2.x use the same one for these elements). */
  public static final String OVF_NS = "http://schemas.dmtf.org/ovf/envelope/1";

  /** A {@code References/File} element. */
  public record FileReference(
      String id, String href, Optional<Long> size, Optional<String> compression, boolean chunked) {}

  /** A {@code DiskSection/Disk} element. */
  public record VirtualDisk(
      String diskId, String fileRef, Optional<Long> capacityBytes, Optional<String> format) {}

  public OvfDescriptor {
    files = List.copyOf(files);
    disks = List.copyOf(disks);
  }

  /** Parses OVF XML; {@code subject} names the OVA member for messages. */
  public static OvfDescriptor parse(String subject, byte[] xml) throws UnsafeImageException {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      document = builder.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new UnsafeImageException(
          Rule.OVA_OVF, subject, "the OVF descriptor is not valid XML: " + e.getMessage(), "xml");
    }
    Element root = document.getDocumentElement();
    if (!"Envelope".equals(root.getLocalName())) {
      throw new UnsafeImageException(
          Rule.OVA_OVF,
          subject,
          "the OVF root element is " + root.getLocalName() + ", not Envelope",
          root.getLocalName());
    }
    List<FileReference> files = new ArrayList<>();
    NodeList fileNodes = root.getElementsByTagNameNS("*", "File");
    for (int i = 0; i < fileNodes.getLength(); i++) {
      Element file = (Element) fileNodes.item(i);
      if (!"References".equals(file.getParentNode().getLocalName())) {
        continue;
      }
      String href = attribute(file, "href").orElse("");
      files.add(
          new FileReference(
              attribute(file, "id").orElse(""),
              href,
              number(subject, file, "size"),
              attribute(file, "compression"),
              attribute(file, "chunkSize").isPresent()));
    }
    List<VirtualDisk> disks = new ArrayList<>();
    NodeList diskNodes = root.getElementsByTagNameNS("*", "Disk");
    for (int i = 0; i < diskNodes.getLength(); i++) {
      Element disk = (Element) diskNodes.item(i);
      Optional<Long> capacity = capacityBytes(subject, disk);
      disks.add(
          new VirtualDisk(
              attribute(disk, "diskId").orElse(""),
              attribute(disk, "fileRef").orElse(""),
              capacity,
              attribute(disk, "format")));
    }
    return new OvfDescriptor(files, disks);
  }

  private static Optional<String> attribute(Element element, String localName) {
    String value = element.getAttributeNS(OVF_NS, localName);
    if (value == null || value.isEmpty()) {
      value = element.getAttribute("ovf:" + localName);
    }
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<Long> number(String subject, Element element, String name)
      throws UnsafeImageException {
    Optional<String> value = attribute(element, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.get().trim()));
    } catch (NumberFormatException e) {
      throw new UnsafeImageException(
          Rule.OVA_OVF,
          subject,
          "attribute ovf:" + name + "=\"" + value.get() + "\" is not a number",
          value.get());
    }
  }

  /** {@code ovf:capacity} scaled by {@code ovf:capacityAllocationUnits} ("byte * 2^30"). */
  private static Optional<Long> capacityBytes(String subject, Element disk)
      throws UnsafeImageException {
    Optional<Long> capacity = number(subject, disk, "capacity");
    if (capacity.isEmpty()) {
      return Optional.empty();
    }
    String units = attribute(disk, "capacityAllocationUnits").orElse("byte").replace(" ", "");
    long multiplier = 1;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("byte(?:\\*2\\^(\\d{1,2}))?").matcher(units);
    if (m.matches()) {
      if (m.group(1) != null) {
        multiplier = 1L << Integer.parseInt(m.group(1));
      }
    } else {
      throw new UnsafeImageException(
          Rule.OVA_OVF,
          subject,
          "unsupported ovf:capacityAllocationUnits \"" + units + "\"",
          units);
    }
    try {
      return Optional.of(Math.multiplyExact(capacity.get(), multiplier));
    } catch (ArithmeticException e) {
      throw new UnsafeImageException(
          Rule.VIRTUAL_SIZE_LIMIT, subject, "the disk capacity overflows 64 bits", units);
    }
  }
}
