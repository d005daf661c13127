package dev.convoy.plans.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.ExecutionLimits;
import dev.convoy.plans.execution.Admission;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code spec.execution.limits}: optional, bound and checked like every other plan field. */
class ExecutionLimitsParseTest {

  @Test
  @DisplayName("execution limits bind, and unset ones take the defaults")
  void limitsBind() {
    ParsedPlan parsed =
        PlanParser.parse(
            "plan.yaml",
            PlanParserTest.HEADER
                + """
                  execution:
                    limits:
                      total: 8
                      perHost: 2
                      perDatastore: 0
                """);
    ExecutionLimits limits = parsed.plan().getSpec().getExecution().getLimits();
    assertThat(limits.getTotal()).isEqualTo(8);
    assertThat(limits.getPerHost()).isEqualTo(2);
    assertThat(limits.getPerDatastore()).isZero();
    assertThat(limits.getPerStorageClass()).isNull();
    assertThat(parsed.at("spec.execution.limits.perHost").line()).isEqualTo(15);
    // 0 is unlimited; perStorageClass keeps Forklift's default
    assertThat(Admission.Limits.of(parsed.plan().getSpec()))
        .isEqualTo(new Admission.Limits(2, 0, 20, 8));
  }

  @Test
  @DisplayName("without execution limits: Forklift's defaults, the total from the wave caps")
  void defaults() {
    ParsedPlan plain = PlanParser.parse("plan.yaml", PlanParserTest.HEADER);
    assertThat(plain.plan().getSpec().getExecution()).isNull();
    assertThat(Admission.Limits.of(plain.plan().getSpec())).isEqualTo(Admission.Limits.defaults());
    ParsedPlan capped =
        PlanParser.parse(
            "plan.yaml",
            PlanParserTest.HEADER
                + """
                  waves:
                    auto:
                      caps:
                        maxConcurrentDisks: 6
                """);
    assertThat(Admission.Limits.of(capped.plan().getSpec()))
        .isEqualTo(new Admission.Limits(20, 20, 20, 6));
    ParsedPlan both =
        PlanParser.parse(
            "plan.yaml",
            PlanParserTest.HEADER
                + """
                  waves:
                    auto:
                      caps:
                        maxConcurrentDisks: 6
                  execution:
                    limits:
                      total: 3
                """);
    assertThat(Admission.Limits.of(both.plan().getSpec()).total()).isEqualTo(3);
  }

  @Test
  @DisplayName("bad limits are named with their position")
  void badLimits() {
    assertThat(
            PlanParserTest.problems(
                PlanParserTest.HEADER
                    + """
                      execution:
                        limits:
                          perHots: 2
                          perDatastore: -1
                          perStorageClass: lots
                        limit: {}
                    """))
        .containsExactly(
            "plan.yaml:14:7: unknown key 'perHots' in 'spec.execution.limits'; did you mean"
                + " 'perHost'?",
            "plan.yaml:15:21: 'spec.execution.limits.perDatastore' is -1; expected at least 0",
            "plan.yaml:16:24: 'spec.execution.limits.perStorageClass' is 'lots'; expected a whole"
                + " number",
            "plan.yaml:17:5: unknown key 'limit' in 'spec.execution'; did you mean 'limits'?");
  }
}
