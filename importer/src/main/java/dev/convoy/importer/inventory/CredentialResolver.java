package dev.convoy.importer.inventory;

import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds vCenter credentials the way the CLI documents it: the user from the URL or {@code
 * CONVOY_VSPHERE_USERNAME}; the password from {@code --password-file} (its first line) or {@code
 * CONVOY_VSPHERE_PASSWORD}. Passwords are never taken from the command line, where {@code ps} and
 * shell history would show them.
 */
public final class CredentialResolver implements SourceSettings.CredentialSource {
  private final Path passwordFile;
  private final Map<String, String> environment;

  /**
   * @param passwordFile the {@code --password-file}, or null
   * @param environment the process environment (a map, so tests pass their own)
   */
  public CredentialResolver(Path passwordFile, Map<String, String> environment) {
    this.passwordFile = passwordFile;
    this.environment = environment;
  }

  @Override
  public VsphereCredentials credentials(VsphereEndpoint endpoint) throws InventoryException {
    String user = endpoint.user();
    if (user == null) {
      user = environment.get(VsphereCredentials.USERNAME_ENV);
    }
    if (user == null || user.isBlank()) {
      throw InventoryException.invalid(
          "no user name for "
              + endpoint
              + ": write it in the URL (vsphere://user@host) or set "
              + VsphereCredentials.USERNAME_ENV);
    }
    char[] password;
    if (passwordFile != null) {
      try {
        String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
          throw InventoryException.invalid(
              passwordFile + ": the password file's first line is empty");
        }
        password = line.toCharArray();
      } catch (IOException e) {
        throw InventoryException.invalid(
            "cannot read the password file " + passwordFile + ": " + e.getMessage());
      }
    } else {
      String env = environment.get(VsphereCredentials.PASSWORD_ENV);
      if (env == null || env.isEmpty()) {
        throw InventoryException.invalid(
            "no password for "
                + endpoint
                + ": set "
                + VsphereCredentials.PASSWORD_ENV
                + " or pass --password-file FILE");
      }
      password = env.toCharArray();
    }
    VsphereCredentials credentials = new VsphereCredentials(user, password);
    java.util.Arrays.fill(password, '\0');
    return credentials;
  }
}
