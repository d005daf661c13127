package dev.convoy.plans.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Renders a local HTML file in Debian's headless Chromium, offline: a screenshot and every console
 * message the page produced (Chromium logs them to stderr as {@code INFO:CONSOLE} lines).
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** What a render produced. */
  record Render(int exitCode, List<String> consoleMessages, BufferedImage screenshot) {
    /** Distinct colours in the screenshot: a blank or broken page has a handful. */
    int distinctColours() {
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < screenshot.getHeight(); y += 2) {
        for (int x = 0; x < screenshot.getWidth(); x += 2) {
          colours.add(screenshot.getRGB(x, y) & 0xffffff);
        }
      }
      return colours.size();
    }

    /** The fraction of sampled pixels that are not (near) white. */
    double inkFraction() {
      long ink = 0;
      long all = 0;
      for (int y = 0; y < screenshot.getHeight(); y += 2) {
        for (int x = 0; x < screenshot.getWidth(); x += 2) {
          int rgb = screenshot.getRGB(x, y);
          int r = (rgb >> 16) & 0xff;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          all++;
          if (r < 235 || g < 235 || b < 235) {
            ink++;
          }
        }
      }
      return ink / (double) all;
    }
  }

  private HeadlessChromium() {}

  static Render render(Path html, Path workDir) throws IOException, InterruptedException {
    assertThat(BINARY)
        .as(
            "headless Chromium renders the report: install the Debian package chromium (scripts/setup)")
        .isExecutable();
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    Path screenshot = workDir.resolve(html.getFileName() + ".png");
    Path log = workDir.resolve(html.getFileName() + ".log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1280,1600",
                "--screenshot=" + screenshot,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish rendering " + html + " in 120 s");
    }
    List<String> console =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains(":CONSOLE"))
            .toList();
    BufferedImage image = Files.exists(screenshot) ? ImageIO.read(screenshot.toFile()) : null;
    assertThat(image).as("chromium wrote a screenshot of %s (log: %s)", html, log).isNotNull();
    return new Render(process.exitValue(), console, image);
  }
}
