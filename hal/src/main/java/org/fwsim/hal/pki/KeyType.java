package org.fwsim.hal.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import org.fwsim.hal.lang.Enums;

/**
 * The key types an appliance generates for its certificates, as in {@code execute vpn certificate
 * local generate rsa <name> 2048} or {@code ... ec <name> secp256r1}.
 */
public enum KeyType {
  RSA_2048(2048, null),
  RSA_4096(4096, null),
  EC_P256(256, "secp256r1"),
  EC_P384(384, "secp384r1"),
  EC_P521(521, "secp521r1");

  private final int bits;
  private final String curve;

  KeyType(int bits, String curve) {
    this.bits = bits;
    this.curve = curve;
  }

  /** The JCA algorithm name: {@code EC} for a type with a named curve, else {@code RSA}. */
  public String algorithm() {
    return isEc() ? "EC" : "RSA";
  }

  /** The RSA modulus size, or the EC field size. */
  public int bits() {
    return bits;
  }

  /** The named curve (FortiOS spelling, e.g. {@code secp256r1}), or null for RSA. */
  public String curve() {
    return curve;
  }

  public boolean isEc() {
    return curve != null;
  }

  /** The generator parameters: RSA with exponent 65537, or the named curve. */
  public AlgorithmParameterSpec parameterSpec() {
    return isEc()
        ? new ECGenParameterSpec(curve)
        : new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4);
  }

  /**
   * The type of an existing key, so that a renewal can make a new key like the old one.
   *
   * @throws IllegalArgumentException for any other algorithm, size or curve
   */
  public static KeyType of(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      int size = rsa.getModulus().bitLength();
      return Enums.find(KeyType.class, type -> !type.isEc() && type.bits == size)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unsupported RSA key size " + size + " (2048 and 4096 are supported)"));
    }
    if (key instanceof ECPublicKey ec) {
      KeyType type = ofCurve(ec.getParams());
      if (type != null) {
        return type;
      }
      throw new IllegalArgumentException(
          "unsupported EC curve of "
              + ec.getParams().getCurve().getField().getFieldSize()
              + " bits (secp256r1, secp384r1 and secp521r1 are supported)");
    }
    throw new IllegalArgumentException(
        "unsupported key algorithm " + (key == null ? "null" : key.getAlgorithm()));
  }

  /**
   * The type named by the arguments of {@code execute vpn certificate local generate}: {@code rsa}
   * with a key size, or {@code ec} with a curve name.
   *
   * @throws IllegalArgumentException naming the unknown algorithm, size or curve
   */
  public static KeyType parse(String algorithm, String sizeOrCurve) {
    String alg = algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT);
    String param = sizeOrCurve == null ? "" : sizeOrCurve.toLowerCase(Locale.ROOT);
    switch (alg) {
      case "rsa":
        return Enums.find(
                KeyType.class, type -> !type.isEc() && Integer.toString(type.bits).equals(param))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unsupported RSA key size '" + sizeOrCurve + "' (2048 or 4096)"));
      case "ec":
        return Enums.find(KeyType.class, type -> type.isEc() && type.curve.equals(param))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unsupported EC curve '"
                            + sizeOrCurve
                            + "' (secp256r1, secp384r1 or secp521r1)"));
      default:
        throw new IllegalArgumentException(
            "unsupported key algorithm '" + algorithm + "' (rsa or ec)");
    }
  }

  /** The EC type whose named curve has these domain parameters, or null if none has. */
  static KeyType ofCurve(ECParameterSpec params) {
    return Enums.find(
            KeyType.class, type -> type.isEc() && sameCurve(params, NamedCurves.spec(type)))
        .orElse(null);
  }

  static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve())
        && a.getOrder().equals(b.getOrder())
        && a.getGenerator().equals(b.getGenerator())
        && a.getCofactor() == b.getCofactor();
  }

  /** The domain parameters of the supported curves, resolved once. */
  private static final class NamedCurves {
    private static final ECParameterSpec P256 = resolve("secp256r1");
    private static final ECParameterSpec P384 = resolve("secp384r1");
    private static final ECParameterSpec P521 = resolve("secp521r1");

    static ECParameterSpec spec(KeyType type) {
      return switch (type) {
        case EC_P256 -> P256;
        case EC_P384 -> P384;
        case EC_P521 -> P521;
        default -> throw new IllegalArgumentException(type + " is not an EC key type");
      };
    }

    private static ECParameterSpec resolve(String curve) {
      try {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        return parameters.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK does not know curve " + curve, e);
      }
    }
  }
}
