package dev.convoy.launcher.convert;

import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.DomainXmlWriter;
import java.util.List;

/**
 * A converted VMI: the domain, its XML, and the scratch files the launcher must make before
 * starting it.
 */
public record ConversionResult(Domain domain, String xml, List<ScratchFile> scratchFiles) {
  public ConversionResult {
    scratchFiles = List.copyOf(scratchFiles);
  }

  static ConversionResult of(Domain domain, List<ScratchFile> scratchFiles) {
    return new ConversionResult(domain, DomainXmlWriter.render(domain), scratchFiles);
  }
}
