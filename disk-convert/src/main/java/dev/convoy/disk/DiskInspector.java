package dev.convoy.disk;

import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.disk.qemu.QemuImg;

/**
 * Inspects an untrusted disk image without converting it: Convoy's own header checks, then {@code
 * qemu-img info} (with {@code -f}, under limits) cross-checked against them. Backs {@code convoy
 * disk inspect}.
 */
public final class DiskInspector {
  private final ConverterSettings settings;
  private final QemuImg qemuImg;

  public DiskInspector(ConverterSettings settings, QemuImg qemuImg) {
    this.settings = settings;
    this.qemuImg = qemuImg;
  }

  /** Default settings and the qemu-img on PATH. */
  public static DiskInspector create() {
    return new DiskInspector(ConverterSettings.defaults(), ProcessQemuImg.fromPath());
  }

  /**
   * Inspects a source.
   *
   * @throws UnsafeImageException if a rule refuses the image (the message names rule and value)
   * @throws DiskConvertException if the source cannot be read or qemu-img fails
   */
  public InspectionReport inspect(DiskSource source) throws DiskConvertException {
    try (PreparedSource prepared = preparer(source).prepare(source)) {
      return prepared.report();
    }
  }

  SourcePreparer preparer(DiskSource source) {
    boolean insecure = source instanceof DiskSource.Http http && !http.verifyTls();
    java.util.Optional<javax.net.ssl.SSLContext> trust =
        source instanceof DiskSource.Http http ? http.tls() : java.util.Optional.empty();
    // Created on first use: an HTTP client costs a selector thread and TLS set-up.
    return new SourcePreparer(
        settings,
        qemuImg,
        () ->
            trust.isPresent()
                ? HttpClients.trusting(trust.get(), settings.httpTimeout())
                : insecure
                    ? HttpClients.trustingAll(settings.httpTimeout())
                    : HttpClients.verifying(settings.httpTimeout()));
  }
}
