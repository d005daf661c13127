package dev.convoy.disk;

/**
 * An image refused by a safety {@link Rule}. The message reads {@code [rule-id] subject: problem}
 * and always quotes the offending value, e.g. {@code [qcow2.backing-file] /in/x.qcow2: names the
 * backing file "/etc/shadow"}.
 */
public final class UnsafeImageException extends DiskConvertException {
  private static final long serialVersionUID = 1L;

  private final Rule rule;
  private final String subject;
  private final String offendingValue;

  public UnsafeImageException(Rule rule, String subject, String problem, String offendingValue) {
    super(Kind.INVALID_INPUT, "[" + rule.id() + "] " + subject + ": " + problem);
    this.rule = rule;
    this.subject = subject;
    this.offendingValue = offendingValue;
  }

  /** The rule that refused the image. */
  public Rule rule() {
    return rule;
  }

  /** The file, OVA member or URL the rule was applied to. */
  public String subject() {
    return subject;
  }

  /** The value that broke the rule, as found in the image (a name, a number, a flag). */
  public String offendingValue() {
    return offendingValue;
  }
}
