package dev.convoy.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.convoy.api.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** KubeVirt's example manifests from the reference data, one entry per YAML document. */
public final class ReferenceExamples {

  /**
   * One YAML document of an example file.
   *
   * @param file the example file
   * @param index position of the document in the file, from 0
   * @param document the document as a JSON tree
   */
  public record Example(Path file, int index, JsonNode document) {

    /** The document's {@code kind}. */
    public String kind() {
      return document.path("kind").asText();
    }

    @Override
    public String toString() {
      return file.getFileName() + (index == 0 ? "" : "#" + index);
    }
  }

  private ReferenceExamples() {}

  /** Every document of every KubeVirt example. */
  public static List<Example> all() {
    List<Example> examples = new ArrayList<>();
    for (Path file : ReferencePaths.kubevirtExamples()) {
      examples.addAll(read(file));
    }
    return examples;
  }

  /** The KubeVirt example documents of one kind, e.g. {@code VirtualMachineInstance}. */
  public static List<Example> ofKind(String kind) {
    List<Example> examples = all().stream().filter(e -> e.kind().equals(kind)).toList();
    if (examples.isEmpty()) {
      throw new IllegalStateException("no KubeVirt example of kind " + kind);
    }
    return examples;
  }

  /** The documents of one multi-document YAML file; empty documents are skipped. */
  public static List<Example> read(Path file) {
    List<Example> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        Serialization.yaml().readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (it.hasNextValue()) {
        JsonNode document = it.nextValue();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(new Example(file, index++, document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return documents;
  }
}
