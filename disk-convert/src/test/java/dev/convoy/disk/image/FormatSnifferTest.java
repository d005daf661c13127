package dev.convoy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.disk.image.FormatSniffer.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatSnifferTest {
  static byte[] head(String text) {
    return java.util.Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), 2048);
  }

  @Test
  void detectsTheAllowedFormats() {
    assertThat(FormatSniffer.sniff(head("QFI\u00fb\0\0\0\3")).kind()).isEqualTo(Kind.QCOW2);
    assertThat(FormatSniffer.sniff(head("KDMV\1\0\0\0")).kind()).isEqualTo(Kind.VMDK_SPARSE);
    assertThat(FormatSniffer.sniff(head("# Disk DescriptorFile\nversion=1\n")).kind())
        .isEqualTo(Kind.VMDK_DESCRIPTOR);
    assertThat(FormatSniffer.sniff(head("\u00ebc\u0090MSDOS5.0")).kind()).isEqualTo(Kind.RAW);
  }

  @Test
  void mirrorsQemusDescriptorProbe() {
    assertThat(FormatSniffer.sniff(head("# comment\n   \nversion=2\r\n")).kind())
        .isEqualTo(Kind.VMDK_DESCRIPTOR);
    // qemu only accepts blank lines and comments before version=; anything else is raw to it.
    assertThat(FormatSniffer.sniff(head("hello\nversion=1\n")).kind()).isEqualTo(Kind.RAW);
    assertThat(FormatSniffer.sniff(head("version=4\n")).kind()).isEqualTo(Kind.RAW);
  }

  @Test
  void namesTheFormatsItRefuses() {
    assertThat(FormatSniffer.sniff(head("QFI\u00fb\0\0\0\1")).name()).isEqualTo("qcow (version 1)");
    assertThat(FormatSniffer.sniff(head("vhdxfile")).name()).isEqualTo("vhdx");
    assertThat(FormatSniffer.sniff(head("conectix")).name()).isEqualTo("vpc (VHD)");
    assertThat(FormatSniffer.sniff(head("QED\0")).name()).isEqualTo("qed");
    assertThat(FormatSniffer.sniff(head("COWD")).kind()).isEqualTo(Kind.NOT_ALLOWED);
    byte[] vdi = head("<<< Oracle VM VirtualBox Disk Image >>>\n");
    vdi[64] = 0x7f;
    vdi[65] = 0x10;
    vdi[66] = (byte) 0xda;
    vdi[67] = (byte) 0xbe;
    assertThat(FormatSniffer.sniff(vdi).name()).isEqualTo("vdi");
  }
}
