package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.api.kubevirt.v1.Clock;
import dev.convoy.api.kubevirt.v1.ClockTimer;
import dev.convoy.api.kubevirt.v1.Timer;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;
import java.util.Set;

/**
 * Guest clock: UTC by default, UTC with an offset, or a named time zone (Windows guests keep local
 * time), plus the timers the VMI configures.
 */
final class ClockStep implements DomainStep {
  private static final Set<String> TICK_POLICIES = Set.of("delay", "catchup", "merge", "discard");
  private static final Set<String> RTC_TRACKS = Set.of("guest", "wall");

  @Override
  public void apply(ConversionInput input, Domain domain) {
    Clock clock = input.domainSpec().getClock();
    XmlElement element = element("clock");
    if (clock == null) {
      domain.clock(element.attr("offset", "utc"));
      return;
    }
    if (clock.getUtc() != null && clock.getTimezone() != null) {
      input.problem("spec.domain.clock", "set either utc or timezone, not both");
    }
    if (clock.getTimezone() != null) {
      element.attr("offset", "timezone").attr("timezone", clock.getTimezone());
    } else if (clock.getUtc() != null && clock.getUtc().getOffsetSeconds() != null) {
      element
          .attr("offset", "variable")
          .attr("adjustment", clock.getUtc().getOffsetSeconds())
          .attr("basis", "utc");
    } else {
      element.attr("offset", "utc");
    }
    Timer timer = clock.getTimer();
    if (timer != null) {
      timer(input, element, "hpet", "hpet", timer.getHpet());
      timer(input, element, "kvm", "kvmclock", timer.getKvm());
      timer(input, element, "pit", "pit", timer.getPit());
      timer(input, element, "rtc", "rtc", timer.getRtc());
      timer(input, element, "hyperv", "hypervclock", timer.getHyperv());
    }
    domain.clock(element);
  }

  private static void timer(
      ConversionInput input, XmlElement clock, String field, String name, ClockTimer timer) {
    if (timer == null) {
      return;
    }
    String path = "spec.domain.clock.timer." + field;
    XmlElement element = clock.addChild("timer").attr("name", name);
    if (timer.getTickPolicy() != null) {
      if (!TICK_POLICIES.contains(timer.getTickPolicy())) {
        input.problem(
            path + ".tickPolicy", "must be one of " + TICK_POLICIES.stream().sorted().toList());
      }
      element.attr("tickpolicy", timer.getTickPolicy());
    }
    if (timer.getTrack() != null) {
      if (!field.equals("rtc") || !RTC_TRACKS.contains(timer.getTrack())) {
        input.problem(path + ".track", "only the rtc timer has a track, guest or wall");
      }
      element.attr("track", timer.getTrack());
    }
    element.attr("present", timer.getPresent() == null || timer.getPresent() ? "yes" : "no");
  }
}
