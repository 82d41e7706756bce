package org.fwsim.firmware.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * {@code get vpn certificate local details} blocks, in the reference's shape (fortios.md §4.3):
 * {@code == [ name ]}, then {@code Name:}, {@code Subject:}, {@code Issuer:}, {@code Valid from:},
 * {@code Valid to:}, {@code Fingerprint:}, {@code Serial Num:} with values from column 14.
 *
 * <p>INFERENCE (not in the sources): names print as OpenSSL's one-line form in encoding order
 * ({@code C = US, O = ..., CN = ...}, as in the sample's Issuer); dates as {@code YYYY-MM-DD
 * HH:MM:SS GMT}; the fingerprint is SHA-1, upper-case hex with colons, and the serial lower-case
 * hex with colons (OpenSSL's defaults); a SCEP certificate gets a {@code SCEP details:} block (by
 * analogy with the sample's {@code ACME details:}) with its state and, while pending, the
 * transaction id, and a CMPv2 certificate a {@code CMP details:} block with its state, {@code
 * cmp-server}, {@code cmp-path}, {@code cmp-server-cert} and {@code cmp-regeneration-method};
 * {@code Key type:} after the serial shows the key as {@code RSA (2048 bits)} or {@code EC
 * (secp256r1)}, with FortiOS's curve names.
 */
final class CertificateDetails {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The sample's "Wed, 05 Mar 2025 20:18:04 GMT": day of month padded, unlike RFC 1123's. */
  private static final DateTimeFormatter ACME_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private CertificateDetails() {}

  static void print(StringBuilder out, CertificateLocalConfig lc, LocalCertificate inStore) {
    out.append("== [ ").append(lc.name()).append(" ]\n");
    field(out, "Name:", lc.name());
    if (inStore != null && inStore.hasCertificate()) {
      X509Certificate c = inStore.certificate();
      field(out, "Subject:", name(c.getSubjectX500Principal().getEncoded()));
      field(out, "Issuer:", name(c.getIssuerX500Principal().getEncoded()));
      field(out, "Valid from:", date(c.getNotBefore().toInstant()));
      field(out, "Valid to:", date(c.getNotAfter().toInstant()));
      field(out, "Fingerprint:", fingerprint(c));
      field(out, "Serial Num:", serial(c));
      field(out, "Key type:", keyType(c.getPublicKey()));
    }
    CertState state = inStore == null ? null : inStore.state();
    String shown =
        state != null ? state.status().name() : lc.state().isEmpty() ? "NONE" : lc.state();
    if (lc.scepEnrollment() || !lc.scepUrl().isEmpty()) {
      out.append("SCEP details:\n");
      field(out, "State:", shown);
      if (state != null && state.isPending()) {
        field(out, "Pending:", "transaction id " + state.transactionId());
      }
      field(out, "URL:", lc.scepUrl());
    }
    if (lc.enrollProtocol() == EnrollProtocol.CMPV2) {
      out.append("CMP details:\n");
      field(out, "State:", shown);
      field(out, "Server:", lc.cmp().server() + " path " + lc.cmp().path());
      field(out, "Server cert:", lc.cmp().serverCert().isEmpty() ? "-" : lc.cmp().serverCert());
      field(out, "Regenerate:", lc.cmp().regenerationMethod());
    }
    if (lc.enrollProtocol() == EnrollProtocol.ACME2) {
      acme(out, inStore);
    }
  }

  /**
   * The sample's {@code ACME details:} lines (fortios.md §4.3), labels unpadded as there. The
   * status wording while no certificate is held is fwsim's own (INFERENCE); fwsim never stages a
   * certificate (the new one replaces the old only once checked), hence "Nothing in staging".
   */
  private static void acme(StringBuilder out, LocalCertificate inStore) {
    out.append("ACME details:\n");
    if (inStore != null && inStore.hasCertificate()) {
      out.append(
              "Status: The certificate for the managed domain has been renewed successfully and"
                  + " can be used (valid since ")
          .append(ACME_DATE.format(inStore.certificate().getNotBefore().toInstant()))
          .append(").\n");
    } else {
      out.append("Status: The certificate for the managed domain is being enrolled.\n");
    }
    out.append("Staging status: Nothing in staging\n");
  }

  private static void field(StringBuilder out, String label, String value) {
    out.append(label);
    for (int i = label.length(); i < 13; i++) {
      out.append(' ');
    }
    out.append(value).append('\n');
  }

  static String date(Instant t) {
    return DATE.format(t) + "  GMT";
  }

  static String name(byte[] encoded) {
    X500Name n = X500Name.getInstance(encoded);
    StringBuilder b = new StringBuilder();
    for (RDN rdn : n.getRDNs()) {
      for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(label(tv.getType())).append(" = ").append(IETFUtils.valueToString(tv.getValue()));
      }
    }
    return b.toString();
  }

  private static String label(ASN1ObjectIdentifier type) {
    if (BCStyle.EmailAddress.equals(type)) {
      return "emailAddress";
    }
    String s = BCStyle.INSTANCE.oidToDisplayName(type);
    return s == null ? type.getId() : s;
  }

  static String fingerprint(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate: " + e.getMessage(), e);
    }
  }

  static String keyType(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return "RSA (" + rsa.getModulus().bitLength() + " bits)";
    }
    if (key instanceof ECPublicKey ec) {
      try {
        return "EC (" + KeyType.of(key).curve() + ")";
      } catch (IllegalArgumentException e) {
        return "EC (" + ec.getParams().getCurve().getField().getFieldSize() + " bits)";
      }
    }
    return key.getAlgorithm();
  }

  static String serial(X509Certificate c) {
    byte[] b = c.getSerialNumber().toByteArray();
    int from = b.length > 1 && b[0] == 0 ? 1 : 0;
    return HexFormat.ofDelimiter(":").formatHex(b, from, b.length);
  }
}
