package org.fwsim.firmware.scep.message;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The CertPoll messageData (RFC 8894 §3.3.3): {@code SEQUENCE { issuer Name, subject Name }}.
 * BouncyCastle has no type for it, so it is composed here from BouncyCastle's ASN.1 objects.
 */
final class IssuerAndSubject extends ASN1Object {

  private final X500Name issuer;
  private final X500Name subject;

  IssuerAndSubject(X500Name issuer, X500Name subject) {
    this.issuer = issuer;
    this.subject = subject;
  }

  static IssuerAndSubject getInstance(Object o) {
    if (o instanceof IssuerAndSubject ias) {
      return ias;
    }
    ASN1Sequence seq = ASN1Sequence.getInstance(o);
    if (seq.size() != 2) {
      throw new IllegalArgumentException(
          "IssuerAndSubject has " + seq.size() + " elements, expected 2");
    }
    return new IssuerAndSubject(
        X500Name.getInstance(seq.getObjectAt(0)), X500Name.getInstance(seq.getObjectAt(1)));
  }

  X500Name issuer() {
    return issuer;
  }

  X500Name subject() {
    return subject;
  }

  @Override
  public ASN1Primitive toASN1Primitive() {
    return new DERSequence(new ASN1Encodable[] {issuer, subject});
  }
}
