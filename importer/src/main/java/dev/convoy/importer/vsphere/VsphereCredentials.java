package dev.convoy.importer.vsphere;

import java.util.Arrays;

/**
 * A user name and password for vCenter. The password never appears in {@link #toString()}, logs or
 * inventories; call {@link #clear()} when done.
 */
public final class VsphereCredentials {
  /** Environment variable holding the user name when the URL has none. */
  public static final String USERNAME_ENV = "CONVOY_VSPHERE_USERNAME";

  /** Environment variable holding the password when no password file is given. */
  public static final String PASSWORD_ENV = "CONVOY_VSPHERE_PASSWORD";

  private final String username;
  private final char[] password;

  public VsphereCredentials(String username, char[] password) {
    this.username = username;
    this.password = password.clone();
  }

  public String username() {
    return username;
  }

  /** The password as a String, only to hand it to the login call. */
  String password() {
    return new String(password);
  }

  /** A copy of the password, to store it in a Secret for the migration controller. */
  public char[] passwordChars() {
    return password.clone();
  }

  /** Overwrites the password in memory. */
  public void clear() {
    Arrays.fill(password, '\0');
  }

  @Override
  public String toString() {
    return "VsphereCredentials[username=" + username + ", password=***]";
  }
}
