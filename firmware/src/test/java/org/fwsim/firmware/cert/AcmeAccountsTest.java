package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** ACME accounts kept in {@code config system acme}, found again by directory and contact. */
class AcmeAccountsTest {

  private static final URI DIR = URI.create("https://10.0.0.1:14000/dir");

  private final ConfigTree tree = ConfigFiles.factoryDefault("FGT");
  private final AcmeAccounts accounts = new AcmeAccounts(() -> tree);

  @Test
  void aRememberedAccountIsFoundWithItsKeyAndUrl() {
    AccountKey key = new AccountKey(TestCertificates.ecKeyPair());
    URI url = URI.create("https://10.0.0.1:14000/my-account/7");
    accounts.remember(DIR, "admin@fw1.test", key, url);

    AcmeAccounts.Account found = accounts.find(DIR, "admin@fw1.test").orElseThrow();
    assertEquals(url, found.url());
    assertEquals(key.thumbprint(), found.key().thumbprint());
    assertTrue(accounts.find(DIR, "other@fw1.test").isEmpty());
    assertTrue(accounts.find(URI.create("https://10.0.0.2/dir"), "admin@fw1.test").isEmpty());
    assertEquals("7", tree.global().singleton("system acme").table("accounts").keys().get(0));
  }

  @Test
  void aRememberedKeySignsAlsoWithBouncyCastleRegisteredGlobally() {
    // Apache SSHD registers BouncyCastle in a process that also runs the fleet's SSH plane.
    java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    try {
      AccountKey key = new AccountKey(TestCertificates.ecKeyPair());
      accounts.remember(DIR, "admin@fw1.test", key, URI.create("https://10.0.0.1:14000/acct/1"));
      AccountKey found = accounts.find(DIR, "admin@fw1.test").orElseThrow().key();
      byte[] input = "protected.payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertTrue(key.verify(input, found.sign(input)));
    } finally {
      java.security.Security.removeProvider("BC");
    }
  }
}
