package dev.convoy.launcher.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** libvirt's own schema check, {@code virt-xml-validate FILE domain} (Debian's libvirt-clients). */
final class LibvirtSchema {
  private LibvirtSchema() {}

  /** Fails the test, with virt-xml-validate's output, unless {@code xml} is a valid domain. */
  static void assertValidDomain(String xml, String what) throws IOException, InterruptedException {
    Path file = Files.createTempFile("convoy-domain-", ".xml");
    try {
      Files.writeString(file, xml, StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder("virt-xml-validate", file.toString(), "domain")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("virt-xml-validate finished").isTrue();
      assertThat(output)
          .as("virt-xml-validate needs xmllint: install libxml2-utils (scripts/setup does)")
          .doesNotContain("xmllint: not found");
      assertThat(process.exitValue())
          .as("virt-xml-validate %s domain (%s):%n%s", file, what, output)
          .isZero();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
