package dev.convoy.launcher.convert;

import dev.convoy.launcher.domain.Domain;

/**
 * One small, pure piece of the VMI → domain conversion (KubeVirt calls them configurators). A step
 * reads the VMI and the context from {@code input}, writes its part of {@code domain}, and records
 * problems in {@code input} instead of throwing, so one run reports every problem at once.
 */
@FunctionalInterface
public interface DomainStep {
  void apply(ConversionInput input, Domain domain);
}
