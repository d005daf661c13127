package dev.convoy.importer.vsphere;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file on a vSphere datastore, as vSphere names it ({@code [datastore] folder/file.vmdk}) plus
 * the datacenter that holds the datastore, which the {@code /folder} HTTP endpoint needs.
 *
 * @param datacenter the datacenter's inventory path, e.g. {@code DC0} or {@code Folder/DC1}
 * @param datastore the datastore's name
 * @param path the path inside the datastore, without a leading slash
 */
public record DatastoreFile(String datacenter, String datastore, String path) {
  private static final Pattern DATASTORE_PATH = Pattern.compile("^\\[([^\\]]+)\\]\\s*(.+)$");

  public DatastoreFile {
    if (datacenter == null || datacenter.isBlank()) {
      throw new IllegalArgumentException("a datastore file needs a datacenter");
    }
    if (datastore == null || datastore.isBlank()) {
      throw new IllegalArgumentException("a datastore file needs a datastore name");
    }
    if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException(
          "datastore path \"" + path + "\" must be relative and must not contain \"..\"");
    }
  }

  /**
   * Parses vSphere's {@code [datastore] folder/file.vmdk} form.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static DatastoreFile parse(String datacenter, String datastorePath) {
    Matcher m = DATASTORE_PATH.matcher(datastorePath == null ? "" : datastorePath.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + datastorePath
              + "\" is not a datastore path like \"[datastore] folder/file.vmdk\"");
    }
    return new DatastoreFile(datacenter, m.group(1), m.group(2).trim());
  }

  /** The same datastore and folder, another file name (e.g. a descriptor's flat extent). */
  public DatastoreFile sibling(String fileName) {
    int slash = path.lastIndexOf('/');
    return new DatastoreFile(
        datacenter, datastore, slash < 0 ? fileName : path.substring(0, slash + 1) + fileName);
  }

  /** {@code [datastore] path}. */
  public String datastorePath() {
    return "[" + datastore + "] " + path;
  }

  /**
   * The file's URL on vCenter's or ESXi's {@code /folder} endpoint: {@code
   * https://host:port/folder/<path>?dcPath=<datacenter>&dsName=<datastore>}.
   */
  public URI url(String host, int port) {
    StringBuilder encodedPath = new StringBuilder();
    for (String segment : path.split("/")) {
      if (encodedPath.length() > 0) {
        encodedPath.append('/');
      }
      encodedPath.append(encode(segment).replace("+", "%20"));
    }
    return URI.create(
        "https://"
            + host
            + ":"
            + port
            + "/folder/"
            + encodedPath
            + "?dcPath="
            + encode(datacenter)
            + "&dsName="
            + encode(datastore));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return datastorePath() + " in " + datacenter;
  }
}
