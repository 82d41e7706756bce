package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fwsim.firmware.config.CertificateLocalConfig;
import org.junit.jupiter.api.Test;

/** Secrets are stored and shown as ENC, never in clear; PEM blobs span lines inside quotes. */
class SecretsAndBlobsTest {
  /** A session on an empty configuration, one for each test. */
  private final CliSession cli = new CliSession(new ConfigTree());

  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\n"
          + "MIIBszCCAVmgAwIBAgIUb3Rlc3Q=\n"
          + "-----END CERTIFICATE-----";

  @Test
  void passwordIsNeverPrintedInClear() {
    cli.run(
        "config vpn certificate local\nedit c1\nset scep-password Sup3rS3cret\n"
            + "set password \"key pass\"\nnext\nend");
    String show = cli.execute("show");
    String full = cli.execute("show full-configuration");
    String get = cli.execute("get vpn certificate local c1");
    for (String out : new String[] {show, full, get}) {
      assertFalse(out.contains("Sup3rS3cret"), out);
      assertFalse(out.contains("key pass"), out);
    }
    assertTrue(show.contains("set scep-password ENC " + Secrets.conceal("Sup3rS3cret") + "\n"));
    assertTrue(get.contains("scep-password       : *\n"), get);
    CertificateLocalConfig c =
        cli.tree().view().vdom("root").orElseThrow().localCertificates().get(0);
    assertEquals("Sup3rS3cret", c.scepPassword().orElseThrow().reveal());
    assertEquals("key pass", c.password().orElseThrow().reveal());
    assertFalse(c.toString().contains("Sup3rS3cret"), c.toString());
  }

  @Test
  void encFormIsAcceptedBackAndGarbageIsNot() {
    String enc = Secrets.conceal("fortinet");
    cli.run("config vpn certificate local\nedit c1\nset scep-password ENC " + enc + "\nnext\nend");
    assertEquals(
        "fortinet",
        cli.tree()
            .view()
            .vdom("root")
            .orElseThrow()
            .localCertificates()
            .get(0)
            .scepPassword()
            .orElseThrow()
            .reveal());
    cli.run("config vpn certificate local\nedit c1");
    String forged = enc.substring(0, 10) + (enc.charAt(10) == 'A' ? 'B' : 'A') + enc.substring(11);
    assertEquals(
        "value parse error before '" + forged + "'\nCommand fail. Return code -61\n",
        cli.execute("set scep-password ENC " + forged));
    assertNull(Secrets.tryReveal("not base64 !"));
  }

  @Test
  void concealIsDeterministicAndReversible() {
    assertEquals(Secrets.conceal("a b \"c\""), Secrets.conceal("a b \"c\""));
    assertEquals("a b \"c\"", Secrets.reveal(Secrets.conceal("a b \"c\"")));
    assertFalse(Secrets.conceal("x").equals(Secrets.conceal("y")));
  }

  @Test
  void multiLinePemBlobRoundTrips() throws Exception {
    cli.execute("config vpn certificate ca");
    cli.execute("edit CA_ROOT");
    String[] lines = ("set ca \"" + PEM + "\"").split("\n");
    for (int i = 0; i < lines.length; i++) {
      assertEquals("", cli.execute(lines[i]));
      assertEquals(i < lines.length - 1, cli.inContinuation());
    }
    assertEquals("FGVM01 (CA_ROOT) # ", cli.prompt());
    cli.execute("end");
    assertEquals(PEM, cli.tree().view().vdom("root").orElseThrow().caCertificates().get(0).caPem());
    String show = cli.execute("show vpn certificate ca");
    assertTrue(show.contains("set ca \"" + PEM + "\"\n"), show);
    ConfigTree copy = new ConfigTree();
    ConfigFiles.load(copy, new java.io.StringReader(ConfigFiles.fullConfiguration(cli.tree())));
    assertEquals(cli.tree().view(), copy.view());
  }

  @Test
  void quotesAndEscapesInStrings() {
    cli.run(
        "config vpn certificate local\nedit \"my cert\"\n"
            + "set comments \"say \\\"hi\\\" to C:\\\\dir\"\nnext\nend");
    String show = cli.execute("show vpn certificate local");
    assertTrue(show.contains("edit \"my cert\"\n"), show);
    assertTrue(show.contains("set comments \"say \\\"hi\\\" to C:\\\\dir\"\n"), show);
    assertEquals(
        "say \"hi\" to C:\\dir",
        cli.tree().view().vdom("root").orElseThrow().localCertificates().get(0).comments());
  }
}
