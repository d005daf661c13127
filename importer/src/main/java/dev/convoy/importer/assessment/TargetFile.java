package dev.convoy.importer.assessment;

import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.inventory.InventoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a {@link Target} description from YAML or JSON, strictly (unknown keys are errors). */
public final class TargetFile {
  private TargetFile() {}

  public static Target read(Path file) throws InventoryException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw InventoryException.invalid("cannot read target file " + file + ": " + e.getMessage());
    }
    InventoryCodec.Format format =
        file.toString().toLowerCase(Locale.ROOT).endsWith(".json")
            ? InventoryCodec.Format.JSON
            : InventoryCodec.Format.YAML;
    try {
      Target target = InventoryCodec.mapper(format).readValue(text, Target.class);
      if (target == null) {
        throw InventoryException.invalid(file + ": empty target file");
      }
      return target;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String message = InventoryCodec.describe(format, text, file.toString(), e);
      if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
        message +=
            "; known keys: namespace, storageClass, storageClasses, quotaBytes, warm,"
                + " maxDisksPerVm";
      }
      throw InventoryException.invalid(message);
    }
  }
}
