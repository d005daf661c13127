package dev.convoy.disk.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How an image is named on qemu-img's command line: always an explicit {@code json:} block-node
 * description that Convoy builds, never a name qemu parses for a protocol prefix. Carries the
 * {@code --object} definitions the description needs (e.g. a cookie secret read from a file).
 *
 * @param argument the image argument, {@code json:{...}}
 * @param objects {@code --object} values, in order
 * @param description a readable name for messages (no secrets)
 */
public record QemuImageSpec(String argument, List<String> objects, String description) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public QemuImageSpec {
    objects = List.copyOf(objects);
  }

  /** A local file opened with the {@code file} protocol driver. */
  public static QemuImageSpec file(Path absolute, String format) {
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", format);
    node.set("file", fileNode(absolute));
    return new QemuImageSpec("json:" + node, List.of(), absolute.toString());
  }

  /** A whole block device (host_device driver) read as raw. */
  public static QemuImageSpec device(Path device) {
    ObjectNode file = JSON.createObjectNode();
    file.put("driver", "host_device");
    file.put("filename", device.toString());
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", "raw");
    node.set("file", file);
    return new QemuImageSpec("json:" + node, List.of(), device.toString());
  }

  /**
   * The first {@code size} bytes of a block device (host_device driver), e.g. the part of a block
   * PVC a conversion wrote.
   */
  public static QemuImageSpec deviceWindow(Path device, long size) {
    ObjectNode file = JSON.createObjectNode();
    file.put("driver", "host_device");
    file.put("filename", device.toString());
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", "raw");
    node.put("size", size);
    node.set("file", file);
    return new QemuImageSpec("json:" + node, List.of(), device.toString());
  }

  /**
   * {@code size} bytes of a local file starting at {@code offset}, e.g. a disk inside an OVA: the
   * {@code raw} driver's offset/size window, as virt-v2v does, so the archive is never extracted.
   */
  public static QemuImageSpec fileSlice(
      Path absolute, long offset, long size, String format, String description) {
    ObjectNode window = JSON.createObjectNode();
    window.put("driver", "raw");
    window.put("offset", offset);
    window.put("size", size);
    window.set("file", fileNode(absolute));
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", format);
    node.set("file", window);
    return new QemuImageSpec("json:" + node, List.of(), description);
  }

  /**
   * An export of Convoy's own NBD server on a Unix socket (how HTTP sources reach qemu-img).
   *
   * @param window if present, {@code [offset, size]} of the export to expose (a flat extent)
   */
  public static QemuImageSpec nbd(
      Path socket, String format, Optional<long[]> window, String description) {
    ObjectNode server = JSON.createObjectNode();
    server.put("type", "unix");
    server.put("path", socket.toString());
    ObjectNode nbd = JSON.createObjectNode();
    nbd.put("driver", "nbd");
    nbd.set("server", server);
    ObjectNode inner = nbd;
    if (window.isPresent()) {
      inner = JSON.createObjectNode();
      inner.put("driver", "raw");
      inner.put("offset", window.get()[0]);
      inner.put("size", window.get()[1]);
      inner.set("file", nbd);
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", format);
    node.set("file", inner);
    return new QemuImageSpec("json:" + node, List.of(), description);
  }

  /** The URL without user info or query, for messages and markers. */
  public static String redact(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + url.getRawPath();
  }

  private static ObjectNode fileNode(Path absolute) {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("not absolute: " + absolute);
    }
    ObjectNode file = JSON.createObjectNode();
    file.put("driver", "file");
    file.put("filename", absolute.toString());
    return file;
  }
}
