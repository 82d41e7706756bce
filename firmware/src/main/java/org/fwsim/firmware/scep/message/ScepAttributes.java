package org.fwsim.firmware.scep.message;

import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;

/** The SCEP signed attributes (RFC 8894 §3.2.1): their OIDs, and how to write and read them. */
final class ScepAttributes {

  private static final ASN1ObjectIdentifier VERISIGN_PKI =
      new ASN1ObjectIdentifier("2.16.840.1.113733.1.9");
  static final ASN1ObjectIdentifier MESSAGE_TYPE = VERISIGN_PKI.branch("2");
  static final ASN1ObjectIdentifier PKI_STATUS = VERISIGN_PKI.branch("3");
  static final ASN1ObjectIdentifier FAIL_INFO = VERISIGN_PKI.branch("4");
  static final ASN1ObjectIdentifier SENDER_NONCE = VERISIGN_PKI.branch("5");
  static final ASN1ObjectIdentifier RECIPIENT_NONCE = VERISIGN_PKI.branch("6");
  static final ASN1ObjectIdentifier TRANSACTION_ID = VERISIGN_PKI.branch("7");

  /** id-pkix 24 1 (RFC 8894 §3.2.1.4). */
  static final ASN1ObjectIdentifier FAIL_INFO_TEXT = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.24.1");

  static final int NONCE_SIZE = 16;

  private final ASN1EncodableVector attributes = new ASN1EncodableVector();

  /**
   * The attributes every pkiMessage carries: transactionID, messageType, senderNonce, signingTime.
   */
  static ScepAttributes common(
      String transactionId, MessageType type, byte[] senderNonce, Date signingTime) {
    return new ScepAttributes()
        .add(TRANSACTION_ID, new DERPrintableString(transactionId))
        .add(MESSAGE_TYPE, new DERPrintableString(Integer.toString(type.code())))
        .add(SENDER_NONCE, new DEROctetString(senderNonce))
        // Given explicitly so BouncyCastle does not stamp the wall-clock time.
        .add(CMSAttributes.signingTime, DerTime.cms(signingTime.toInstant()));
  }

  ScepAttributes certRep(PkiStatus status, byte[] recipientNonce) {
    add(PKI_STATUS, new DERPrintableString(Integer.toString(status.code())));
    return add(RECIPIENT_NONCE, new DEROctetString(recipientNonce));
  }

  ScepAttributes failure(FailInfo info, String text) {
    add(FAIL_INFO, new DERPrintableString(Integer.toString(info.code())));
    return text == null ? this : add(FAIL_INFO_TEXT, new DERUTF8String(text));
  }

  private ScepAttributes add(ASN1ObjectIdentifier oid, ASN1Encodable value) {
    attributes.add(new Attribute(oid, new DERSet(value)));
    return this;
  }

  AttributeTable table() {
    return new AttributeTable(attributes);
  }

  /** The first value of an attribute, or null when absent. */
  static ASN1Encodable value(AttributeTable table, ASN1ObjectIdentifier oid) {
    if (table == null) {
      return null;
    }
    Attribute attribute = table.get(oid);
    if (attribute == null || attribute.getAttrValues().size() == 0) {
      return null;
    }
    return attribute.getAttrValues().getObjectAt(0);
  }

  /** A string attribute's text, or null when absent or not a string. */
  static String string(AttributeTable table, ASN1ObjectIdentifier oid) {
    ASN1Encodable v = value(table, oid);
    return v instanceof ASN1String s ? s.getString() : null;
  }

  /** An OCTET STRING attribute's bytes, or null when absent or of another type. */
  static byte[] octets(AttributeTable table, ASN1ObjectIdentifier oid) {
    ASN1Encodable v = value(table, oid);
    return v instanceof ASN1OctetString o ? o.getOctets() : null;
  }

  /**
   * A decimal-text attribute (messageType, pkiStatus, failInfo), or -1 when absent or not a number.
   */
  static int number(AttributeTable table, ASN1ObjectIdentifier oid) {
    String text = string(table, oid);
    if (text == null
        || text.isEmpty()
        || text.length() > 3
        || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(text);
  }

  /** The signingTime attribute, or null when absent or malformed. */
  static Date signingTime(AttributeTable table) {
    ASN1Encodable v = value(table, CMSAttributes.signingTime);
    if (v == null) {
      return null;
    }
    try {
      return Date.from(DerTime.instant(v));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
