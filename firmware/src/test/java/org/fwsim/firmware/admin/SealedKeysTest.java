package org.fwsim.firmware.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;
import org.junit.jupiter.api.Test;

/** A key sealed into the configuration and opened from it, with its password kept ENC. */
class SealedKeysTest {

  @Test
  void aSealedKeyKeptInTheConfigurationOpensToTheSameKeyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    SealedKeys.Sealed sealed = SealedKeys.seal(pair.getPrivate());
    assertTrue(SealedKeys.isSealed(sealed.pem()), sealed.pem());

    ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
    String out =
        new CliSession(tree)
            .run(
                "config system global\n"
                    + sealed.setLines("ssh-hostkey", "ssh-hostkey-password")
                    + "end");
    assertEquals("", out);
    ConfigObject global = tree.global().singleton("system global");
    String show = new CliSession(tree).execute("show system global");
    assertTrue(show.contains("set ssh-hostkey-password ENC "), show);
    assertFalse(show.contains("BEGIN PRIVATE KEY"), show);

    var opened =
        SealedKeys.open(
            global.text("ssh-hostkey"), global.text("ssh-hostkey-password"), "ssh-hostkey");
    assertEquals(pair.getPrivate(), opened);
    assertEquals(pair.getPublic(), SealedKeys.withPublicKey((ECPrivateKey) opened).getPublic());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SealedKeys.open(
                sealed.pem(), SealedKeys.seal(pair.getPrivate()).concealedPassword(), "x"),
        "another password does not open it");
  }
}
