package org.fwsim.firmware.cmp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.hal.lang.Require;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * One CMP transaction to run for a local certificate: an IR with the shared secret or signed by
 * {@code authcert} (first enrollment), or a KUR ({@code cmp-regeneration-method keyupate}) or CR
 * ({@code renewal}) signed with the certificate in force.
 *
 * @param certificate the local certificate's name
 * @param vdom the VDOM whose egress the connection uses
 * @param server {@code cmp-server} and {@code cmp-path}
 * @param kind IR, KUR or CR
 * @param subject the IR's subject; null for KUR and CR, which keep the current one
 * @param keyType the new key's type
 * @param mac the IR's protection (user and password); null for KUR, CR and a signed IR
 * @param current the certificate and key that sign: the one in force for KUR and CR, {@code
 *     authcert} for a signed IR; null for a MAC-protected IR
 * @param anchors CA certificates the CA's signatures and the issued certificate must chain to
 *     ({@code cmp-server-cert}, else the CA certificates the appliance holds)
 * @param sourceIp {@code source-ip}, {@link Ip4#ANY} when unset
 */
public record CmpEnrollment(
    String certificate,
    String vdom,
    CmpServer server,
    Kind kind,
    X500Name subject,
    KeyType keyType,
    CmpProtection.Mac mac,
    LocalCertificate current,
    List<X509Certificate> anchors,
    int sourceIp) {

  /** The request body sent. */
  public enum Kind {
    /** Initialization request: the first certificate, under the shared secret or authcert. */
    IR,
    /** Key update request: a new key, signed with the current certificate's. */
    KUR,
    /** Certification request: a renewal signed with the current certificate's key. */
    CR;

    /** The body's name in RFC 4210 (the constant's name in lower case). */
    public String rfcName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CmpEnrollment {
    Require.nonNull(
        "certificate, vdom, server, kind, keyType", certificate, vdom, server, kind, keyType);
    anchors = List.copyOf(anchors);
    if (kind == Kind.IR && (subject == null || (mac == null) == (current == null))) {
      throw new IllegalArgumentException(
          "an IR needs a subject and either the shared secret or a certificate to sign with");
    }
    if (current != null && !current.hasCertificate()) {
      throw new IllegalArgumentException(
          "the certificate to sign the " + kind.rfcName() + " with has none yet");
    }
    if (kind != Kind.IR && current == null) {
      throw new IllegalArgumentException(
          "a " + kind.rfcName() + " needs the certificate in force of " + certificate);
    }
  }

  /** How the IR is protected: the shared secret's MAC, or a signature by {@link #current}. */
  public CmpProtection irProtection() {
    return mac != null ? mac : new CmpProtection.Signature(current.privateKey(), current.chain());
  }

  /** Whether it renews a certificate in force (KUR or CR). */
  public boolean renewal() {
    return kind != Kind.IR;
  }
}
