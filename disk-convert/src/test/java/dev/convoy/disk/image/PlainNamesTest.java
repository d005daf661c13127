package dev.convoy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"disk1.vmdk", "my disk-flat.vmdk", "Ubuntu 22.04 (1).vmdk", "a"})
  void plainNames(String name) {
    assertThat(PlainNames.problem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../x",
        "a/../b",
        "/abs",
        "dir/file",
        "c:\\x",
        "a\\b",
        "json:{}",
        "http://host/x",
        "a\"b",
        "tab\tname",
        "nul\0"
      })
  void notPlain(String name) {
    assertThat(PlainNames.problem(name)).isPresent();
  }

  @Test
  void tooLong() {
    assertThat(PlainNames.problem("x".repeat(256))).contains("is longer than 255 bytes");
  }

  @Test
  void quoteEscapesControlCharacters() {
    assertThat(PlainNames.quote("a\nb\"c")).isEqualTo("\"a\\x0ab\\\"c\"");
  }
}
