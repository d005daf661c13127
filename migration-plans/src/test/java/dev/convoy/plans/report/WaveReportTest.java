package dev.convoy.plans.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.PlanWorkflow;
import dev.convoy.plans.report.WaveReport.VmFinding;
import dev.convoy.plans.waves.WavePlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveReportTest {
  static final Path ROOT = Path.of(System.getProperty("convoy.root", "."));

  static String demoReport() throws Exception {
    var planned = PlanWorkflow.plan(ROOT.resolve("examples/plans/demo.yaml"), List.of());
    WavePlan plan = planned.waves();
    String firstVm = plan.waves().get(0).vms().get(0).id();
    return WaveReport.render(
        new WaveReport.Input(
            "demo",
            plan,
            planned.resolved().warnings(),
            "50 MiB/s (assumed)",
            Map.of(
                firstVm,
                List.of(
                    new VmFinding("Warning", "cdrom.detected", "a CD-ROM drive is not migrated"),
                    new VmFinding("Information", "name.invalid", "renamed to <dc0-c0-rp0-vm0>"))),
            "2026-11-29T12:00:00Z"));
  }

  @Test
  @DisplayName("the report is one self-contained page: no scripts, no external references")
  void selfContained() throws Exception {
    String html = demoReport();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg class=\"gantt\"");
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link");
    Matcher references = Pattern.compile("(?i)(src|href)\\s*=").matcher(html);
    assertThat(references.find()).as("no src/href attributes").isFalse();
    assertThat(html).doesNotContain("url(");
    // Every wave, every VM, the reasons and the findings are on the page (escaped).
    assertThat(html)
        .contains("wave-01", "wave-02", "convoy-demo-guest", "DC0_C0_RP0_VM1")
        .contains("moves with move group &#39;standalone-host&#39;")
        .contains("renamed to &lt;dc0-c0-rp0-vm0&gt;")
        .contains("5 Dec 2026 22:00", "times in Europe/Berlin");
  }

  @Test
  @DisplayName("headless Chromium renders it without console errors into a non-trivial picture")
  void rendersInChromium(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("waves.html");
    Files.writeString(page, demoReport(), StandardCharsets.UTF_8);
    HeadlessChromium.Render render = HeadlessChromium.render(page, dir);
    assertThat(render.exitCode()).isZero();
    assertThat(render.consoleMessages()).isEmpty();
    assertThat(render.distinctColours()).isGreaterThan(40);
    assertThat(render.inkFraction()).isBetween(0.05, 0.95);
  }

  @Test
  @DisplayName("the checks can fail: a page with a script error and a blank page are caught")
  void checksCanFail(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.html");
    Files.writeString(
        broken,
        "<!DOCTYPE html><html><body><p>x</p><script>noSuchFunction();</script></body></html>");
    HeadlessChromium.Render render = HeadlessChromium.render(broken, dir);
    assertThat(render.consoleMessages())
        .anySatisfy(line -> assertThat(line).contains("noSuchFunction is not defined"));
    Path blank = dir.resolve("blank.html");
    Files.writeString(blank, "<!DOCTYPE html><html><body></body></html>");
    HeadlessChromium.Render empty = HeadlessChromium.render(blank, dir);
    assertThat(empty.distinctColours()).isLessThan(5);
    assertThat(empty.inkFraction()).isLessThan(0.01);
  }
}
