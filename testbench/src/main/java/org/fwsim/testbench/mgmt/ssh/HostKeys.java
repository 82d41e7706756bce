package org.fwsim.testbench.mgmt.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An appliance's SSH host key: an ECDSA P-256 key, made once and kept in the configuration ({@link
 * HostKey}, sealed), so a restored fleet presents the keys clients already trust. Configurations
 * written before keys were sealed keep it in clear text, in OpenSSH's private key format, which
 * {@link #decode} still reads.
 */
final class HostKeys {

  private HostKeys() {}

  /** A new host key. */
  static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator in this JVM", e);
    }
  }

  /** The key in OpenSSH's private key format, as {@code ssh-hostkey} held it in clear text. */
  static String encode(KeyPair key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "fwsim", null, out);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a host key", e);
    }
    return out.toString(StandardCharsets.US_ASCII).strip();
  }

  /** The key an {@code ssh-hostkey} value holds. */
  static KeyPair decode(String text) {
    try {
      Iterable<KeyPair> keys =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("ssh-hostkey"),
              new ByteArrayInputStream((text + "\n").getBytes(StandardCharsets.US_ASCII)),
              FilePasswordProvider.EMPTY);
      Iterator<KeyPair> it = keys == null ? null : keys.iterator();
      if (it == null || !it.hasNext()) {
        throw new IllegalArgumentException("ssh-hostkey holds no key");
      }
      return it.next();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("ssh-hostkey is not an OpenSSH private key: " + e, e);
    }
  }
}
