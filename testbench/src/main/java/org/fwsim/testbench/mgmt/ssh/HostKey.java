package org.fwsim.testbench.mgmt.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.fwsim.firmware.admin.SealedKeys;

/**
 * An appliance's SSH host key as its configuration keeps it ({@code set ssh-hostkey} sealed under
 * {@code set ssh-hostkey-password}), opened at the first handshake and held from then on: an idle
 * device that no one reached holds only the configuration's own strings. Thread-safe.
 */
final class HostKey {
  private final String sealed;
  private final String concealedPassword;
  private volatile KeyPair opened;

  HostKey(String sealed, String concealedPassword) {
    this.sealed = sealed;
    this.concealedPassword = concealedPassword;
  }

  /** Whether the configuration keeps this very key (the same sealed text). */
  boolean keptAs(String text) {
    return sealed.equals(text);
  }

  /** The key pair, opened once (two handshakes at once may both open it: same result). */
  KeyPair pair() {
    KeyPair k = opened;
    if (k == null) {
      PrivateKey key = SealedKeys.open(sealed, concealedPassword, "ssh-hostkey");
      try {
        k =
            key instanceof ECPrivateKey ec
                ? SealedKeys.withPublicKey(ec)
                : new KeyPair(KeyUtils.recoverPublicKey(key), key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ssh-hostkey: no public key for " + key.getAlgorithm(), e);
      }
      opened = k;
    }
    return k;
  }
}
