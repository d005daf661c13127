package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThumbprintAndEndpointTest {

  @Test
  void thumbprintsParseInGovcAndPlainHexForms() {
    String sha256 =
        "7C:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8";
    Thumbprint t = Thumbprint.parse(sha256);
    assertThat(t.algorithm()).isEqualTo("SHA-256");
    assertThat(t.toString()).isEqualTo(sha256);
    assertThat(Thumbprint.parse(sha256.replace(":", "").toLowerCase())).isEqualTo(t);
    assertThat(
            Thumbprint.parse("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")
                .algorithm())
        .isEqualTo("SHA-1");
    assertThatThrownBy(() -> Thumbprint.parse("AB:CD"))
        .hasMessageContaining("has 2 bytes; a SHA-256 thumbprint has 32");
    assertThatThrownBy(() -> Thumbprint.parse("zz:zz")).hasMessageContaining("not hex");
  }

  @Test
  void endpointsParseUserHostPortAndDatacenter() {
    assertThat(VsphereEndpoint.parse("vsphere://vc.example.com"))
        .isEqualTo(new VsphereEndpoint(null, "vc.example.com", 443, null));
    assertThat(
            VsphereEndpoint.parse(
                "vsphere://administrator@vsphere.local@vc.example.com:8443/Folder1/DC0"))
        .isEqualTo(
            new VsphereEndpoint(
                "administrator@vsphere.local", "vc.example.com", 8443, "Folder1/DC0"));
    VsphereEndpoint ipv6 = VsphereEndpoint.parse("vsphere://[fd00::1]:443/");
    assertThat(ipv6.host()).isEqualTo("fd00::1");
    assertThat(ipv6.sdkUrl().toString()).isEqualTo("https://[fd00::1]:443/sdk");
    assertThat(ipv6.location()).isEqualTo("vsphere://[fd00::1]");
  }

  @Test
  void passwordsInUrlsAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> VsphereEndpoint.parse("vsphere://root:hunter2@esx1"))
        .hasMessageContaining("contains a password")
        .hasMessageContaining("CONVOY_VSPHERE_PASSWORD")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void credentialsNeverPrintThePassword() {
    VsphereCredentials credentials = new VsphereCredentials("user", "hunter2".toCharArray());
    assertThat(credentials.toString()).doesNotContain("hunter2");
    credentials.clear();
    assertThat(credentials.password()).doesNotContain("hunter2");
  }
}
