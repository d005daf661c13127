package dev.convoy.importer.ova;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses untrusted XML (no DTDs, no external entities) into a namespace-aware DOM whose elements
 * remember the line they start on, so errors about the content can name it.
 */
final class LocatedXml {
  static final String LINE = "convoy.line";

  private LocatedXml() {}

  /** A syntax error with its position. */
  static final class XmlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    XmlSyntaxException(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  static Document parse(byte[] xml) throws XmlSyntaxException {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      SAXParser parser = factory.newSAXParser();
      Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      Builder builder = new Builder(document);
      parser.parse(new ByteArrayInputStream(xml), builder);
      return document;
    } catch (SAXParseException e) {
      throw new XmlSyntaxException(e.getLineNumber(), e.getColumnNumber(), e.getMessage());
    } catch (SAXException | ParserConfigurationException e) {
      throw new XmlSyntaxException(0, 0, e.getMessage());
    } catch (IOException e) {
      throw new XmlSyntaxException(0, 0, e.getMessage());
    }
  }

  /** The line an element starts on, or 0. */
  static int line(Node node) {
    Object line = node.getUserData(LINE);
    return line instanceof Integer i ? i : 0;
  }

  private static final class Builder extends DefaultHandler {
    private final Document document;
    private final Deque<Node> stack = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private Locator locator;

    Builder(Document document) {
      this.document = document;
      stack.push(document);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
      flushText();
      Element element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
      for (int i = 0; i < attributes.getLength(); i++) {
        String attributeUri = attributes.getURI(i);
        element.setAttributeNS(
            attributeUri.isEmpty() ? null : attributeUri,
            attributes.getQName(i),
            attributes.getValue(i));
      }
      element.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
      stack.peek().appendChild(element);
      stack.push(element);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      flushText();
      stack.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    private void flushText() {
      if (text.length() > 0) {
        if (!text.toString().isBlank()) {
          stack.peek().appendChild(document.createTextNode(text.toString()));
        }
        text.setLength(0);
      }
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }
  }
}
