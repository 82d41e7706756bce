package org.fwsim.hal.pki;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Tells whether a private key belongs to a public key, from the key values alone: no signature, so
 * the check costs microseconds for RSA and one fixed-base point multiplication for EC.
 */
final class KeyMatch {

  private static final X9ECParameters P256 = CustomNamedCurves.getByName(KeyType.EC_P256.curve());
  private static final X9ECParameters P384 = CustomNamedCurves.getByName(KeyType.EC_P384.curve());
  private static final X9ECParameters P521 = CustomNamedCurves.getByName(KeyType.EC_P521.curve());

  private KeyMatch() {}

  /** Throws a clear error naming the certificate when the keys are not a pair. */
  static void require(PublicKey publicKey, PrivateKey privateKey, String what) {
    if (!matches(publicKey, privateKey)) {
      throw new IllegalArgumentException(
          what + ": the private key does not belong to the certificate's public key");
    }
  }

  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (publicKey instanceof RSAPublicKey rsaPublic
        && privateKey instanceof RSAPrivateKey rsaPrivate) {
      return rsaPublic.getModulus().equals(rsaPrivate.getModulus())
          && (!(rsaPrivate instanceof RSAPrivateCrtKey crt)
              || crt.getPublicExponent().equals(rsaPublic.getPublicExponent()));
    }
    if (publicKey instanceof ECPublicKey && privateKey instanceof ECPrivateKey) {
      return ecMatches((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
    }
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    throw new IllegalArgumentException(
        "unsupported key algorithm "
            + publicKey.getAlgorithm()
            + " (RSA and EC keys are supported)");
  }

  private static boolean ecMatches(ECPublicKey publicKey, ECPrivateKey privateKey) {
    if (!KeyType.sameCurve(publicKey.getParams(), privateKey.getParams())) {
      return false;
    }
    KeyType type = KeyType.ofCurve(publicKey.getParams());
    if (type == null) {
      return ecMatchesSlowly(publicKey, privateKey);
    }
    // The shared generator keeps its comb precomputation between calls, which made the check about
    // three times faster than converting the domain parameters afresh for every key.
    X9ECParameters domain = type == KeyType.EC_P256 ? P256 : type == KeyType.EC_P384 ? P384 : P521;
    java.security.spec.ECPoint w = publicKey.getW();
    ECPoint q = domain.getCurve().createPoint(w.getAffineX(), w.getAffineY());
    ECPoint derived = new FixedPointCombMultiplier().multiply(domain.getG(), privateKey.getS());
    return derived.normalize().equals(q.normalize());
  }

  private static boolean ecMatchesSlowly(PublicKey publicKey, PrivateKey privateKey) {
    try {
      ECPrivateKeyParameters d =
          (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(privateKey);
      ECPublicKeyParameters q =
          (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(publicKey);
      // Q = d·G: points on different curves never compare equal, so a curve mismatch fails too.
      ECPoint derived = new FixedPointCombMultiplier().multiply(d.getParameters().getG(), d.getD());
      return derived.normalize().equals(q.getQ().normalize());
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("cannot read EC key: " + e.getMessage(), e);
    }
  }
}
