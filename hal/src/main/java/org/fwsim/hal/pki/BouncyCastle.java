package org.fwsim.hal.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The process's one BouncyCastle JCA provider, passed explicitly and never registered globally.
 * Every instance builds its own table of the algorithms it offers (thousands of services), so the
 * parts that ask BouncyCastle directly share this one.
 */
public final class BouncyCastle {

  private BouncyCastle() {}

  /** The shared provider, made on first use: an RSA-only run never builds it. */
  public static Provider provider() {
    return Holder.PROVIDER;
  }

  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }
}
