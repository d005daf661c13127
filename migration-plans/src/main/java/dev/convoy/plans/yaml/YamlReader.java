package dev.convoy.plans.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads one YAML document into {@link YamlNode}s with positions. It builds the tree from
 * SnakeYAML's event stream itself, so that every failure has a position: syntax errors, duplicate
 * keys, undefined aliases, nesting too deep and alias bombs (aliases are shared, and the expanded
 * size is counted before anything walks the tree).
 */
public final class YamlReader {
  /** Largest accepted document, in characters: a plan for 10,000 VMs fits many times over. */
  public static final int MAX_CHARS = 16 * 1024 * 1024;

  /** Deepest accepted nesting of mappings and sequences. */
  public static final int MAX_DEPTH = 64;

  /** Largest accepted document after expanding aliases, in nodes. */
  public static final long MAX_EXPANDED_NODES = 2_000_000;

  private static final String STR_TAG = "tag:yaml.org,2002:str";

  private final String file;
  private final String text;
  private final Map<String, Built> anchors = new HashMap<>();

  /** A built node with its size once aliases are expanded. */
  private record Built(YamlNode node, long expandedSize) {}

  /** Thrown inside the reader to stop at the first structural problem. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient YamlProblem problem;

    Stop(YamlProblem problem) {
      super(problem.toString(), null, false, false);
      this.problem = problem;
    }
  }

  private YamlReader(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /**
   * Parses {@code text} (named {@code file} in messages) as exactly one YAML document.
   *
   * @throws YamlException with one positioned problem if it is not well-formed YAML
   */
  public static YamlNode read(String file, String text) {
    if (text.length() > MAX_CHARS) {
      throw new YamlException(
          List.of(
              new YamlProblem(
                  new Position(file, 1, 1),
                  "the file has "
                      + text.length()
                      + " characters; at most "
                      + MAX_CHARS
                      + " are accepted")));
    }
    return new YamlReader(file, text).readDocument();
  }

  private YamlNode readDocument() {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(MAX_CHARS + 1);
      options.setNestingDepthLimit(MAX_DEPTH * 4);
      Parser parser = new ParserImpl(new StreamReader(text), options);
      expect(parser, Event.ID.StreamStart);
      if (parser.checkEvent(Event.ID.StreamEnd)) {
        throw stop(new Position(file, 1, 1), "the file is empty; expected a YAML mapping");
      }
      expect(parser, Event.ID.DocumentStart);
      Built root = node(parser, 0);
      expect(parser, Event.ID.DocumentEnd);
      if (!parser.checkEvent(Event.ID.StreamEnd)) {
        Event next = parser.peekEvent();
        throw stop(
            position(next.getStartMark()),
            "a second YAML document starts here; a plan file holds exactly one document");
      }
      return root.node();
    } catch (Stop e) {
      throw new YamlException(List.of(e.problem));
    } catch (MarkedYAMLException e) {
      throw new YamlException(List.of(syntaxProblem(e)));
    } catch (ReaderException e) {
      throw new YamlException(
          List.of(
              new YamlProblem(
                  positionOfCodePoint(e.getPosition()),
                  "invalid YAML: character U+"
                      + String.format("%04X", e.getCodePoint())
                      + " is not allowed in a YAML file")));
    } catch (YAMLException e) {
      // Limits SnakeYAML enforces without a mark; our own limits are lower, so this is rare.
      throw new YamlException(
          List.of(new YamlProblem(new Position(file, 1, 1), "invalid YAML: " + e.getMessage())));
    }
  }

  private void expect(Parser parser, Event.ID id) {
    Event event = parser.getEvent();
    if (!event.is(id)) {
      throw stop(position(event.getStartMark()), "unexpected YAML " + event.getEventId());
    }
  }

  private Built node(Parser parser, int depth) {
    Event event = parser.getEvent();
    Position position = position(event.getStartMark());
    if (event instanceof AliasEvent alias) {
      Built target = anchors.get(alias.getAnchor());
      if (target == null) {
        throw stop(
            position, "alias *" + alias.getAnchor() + " refers to no anchor defined before it");
      }
      return target;
    }
    if (depth >= MAX_DEPTH) {
      throw stop(position, "nested more than " + MAX_DEPTH + " levels deep");
    }
    Built built;
    if (event instanceof ScalarEvent scalar) {
      built = new Built(scalar(scalar, position), 1);
    } else if (event instanceof SequenceStartEvent start) {
      checkTag(start, position);
      List<YamlNode> items = new ArrayList<>();
      long size = 1;
      while (!parser.checkEvent(Event.ID.SequenceEnd)) {
        Built item = node(parser, depth + 1);
        items.add(item.node());
        size = addSize(size, item.expandedSize(), position);
      }
      parser.getEvent();
      built = new Built(new YamlNode.Sequence(position, items), size);
    } else if (event instanceof MappingStartEvent start) {
      checkTag(start, position);
      List<YamlNode.Entry> entries = new ArrayList<>();
      Map<String, Position> seen = new HashMap<>();
      long size = 1;
      while (!parser.checkEvent(Event.ID.MappingEnd)) {
        Built key = node(parser, depth + 1);
        if (!(key.node() instanceof YamlNode.Scalar keyScalar) || keyScalar.isNull()) {
          throw stop(
              key.node().position(),
              "a mapping key must be a plain text, not " + key.node().kindName());
        }
        Position first = seen.putIfAbsent(keyScalar.value(), keyScalar.position());
        if (first != null) {
          throw stop(
              keyScalar.position(),
              "duplicate key '"
                  + Texts.abbreviate(keyScalar.value(), 60)
                  + "' (first defined at line "
                  + first.line()
                  + ")");
        }
        Built value = node(parser, depth + 1);
        entries.add(new YamlNode.Entry(keyScalar.value(), keyScalar.position(), value.node()));
        size = addSize(size, value.expandedSize(), position);
      }
      parser.getEvent();
      built = new Built(new YamlNode.Mapping(position, entries), size);
    } else {
      throw stop(position, "unexpected YAML " + event.getEventId());
    }
    String anchor = ((NodeEvent) event).getAnchor();
    if (anchor != null) {
      anchors.put(anchor, built);
    }
    return built;
  }

  private long addSize(long size, long more, Position position) {
    long total = size + more;
    if (total > MAX_EXPANDED_NODES) {
      throw stop(
          position,
          "aliases expand this document beyond "
              + MAX_EXPANDED_NODES
              + " nodes; refusing to read it");
    }
    return total;
  }

  private YamlNode.Scalar scalar(ScalarEvent event, Position position) {
    String tag = event.getTag();
    String value = event.getValue();
    if (tag != null && !tag.equals("!") && !tag.startsWith("tag:yaml.org,2002:")) {
      throw stop(position, "unsupported YAML tag " + tag + "; plans use plain YAML values");
    }
    boolean plain = event.isPlain() && (tag == null || !tag.equals(STR_TAG));
    if (plain && tag == null && isYamlNull(value)) {
      return new YamlNode.Scalar(position, null, true);
    }
    if (tag != null && tag.equals("tag:yaml.org,2002:null")) {
      return new YamlNode.Scalar(position, null, true);
    }
    return new YamlNode.Scalar(position, value, plain);
  }

  private void checkTag(CollectionStartEvent event, Position position) {
    String tag = event.getTag();
    if (tag != null
        && !tag.equals("tag:yaml.org,2002:map")
        && !tag.equals("tag:yaml.org,2002:seq")) {
      throw stop(position, "unsupported YAML tag " + tag + "; plans use plain YAML values");
    }
  }

  private static boolean isYamlNull(String value) {
    return value.isEmpty()
        || value.equals("~")
        || value.equals("null")
        || value.equals("Null")
        || value.equals("NULL");
  }

  private YamlProblem syntaxProblem(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    Position position = mark != null ? position(mark) : new Position(file, 1, 1);
    String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
    StringBuilder message = new StringBuilder("invalid YAML: ").append(oneLine(problem));
    if (e.getContext() != null && e.getContextMark() != null && e.getProblemMark() != null) {
      message
          .append(" (")
          .append(oneLine(e.getContext()))
          .append(" that starts at line ")
          .append(e.getContextMark().getLine() + 1)
          .append(")");
    }
    if (problem != null && problem.contains("\\t")) {
      message.append("; indent YAML with spaces, not tabs");
    }
    return new YamlProblem(position, message.toString());
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private Position position(Mark mark) {
    return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private Position positionOfCodePoint(int index) {
    int line = 1;
    int column = 1;
    int offset = 0;
    for (int i = 0; i < index && offset < text.length(); i++) {
      int codePoint = text.codePointAt(offset);
      offset += Character.charCount(codePoint);
      if (codePoint == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Position(file, line, column);
  }

  private Stop stop(Position position, String message) {
    return new Stop(new YamlProblem(position, message));
  }
}
