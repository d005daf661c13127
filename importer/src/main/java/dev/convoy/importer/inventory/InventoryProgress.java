package dev.convoy.importer.inventory;

/** What a long collection reports while it runs (the CLI prints it on stderr). */
public interface InventoryProgress {
  /** One line about {@code source}, e.g. "logged in" or "1000 objects". */
  void report(String source, String message);

  /** Reports nothing. */
  InventoryProgress NONE = (source, message) -> {};
}
