package dev.convoy.importer.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule's verdict on one VM (or, for target checks, on the whole inventory when {@code vmId} is
 * null).
 *
 * @param ruleId the rule's stable id, e.g. {@code disk.rdm.detected}
 * @param message what was found, naming the device, disk or setting
 * @param remediation what to do about it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String ruleId,
    Severity severity,
    String sourceId,
    String vmId,
    String vmName,
    String message,
    String remediation) {}
