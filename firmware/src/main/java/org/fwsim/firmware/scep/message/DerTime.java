package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.cms.Time;

/**
 * ASN.1 times in their DER forms (RFC 5280 §4.1.2.5: UTCTime {@code YYMMDDHHMMSSZ} through 2049,
 * GeneralizedTime {@code YYYYMMDDHHMMSSZ} from 2050), written and read digit by digit. Each of a
 * renewal's signingTimes and validity dates cost BouncyCastle a {@code SimpleDateFormat} (built,
 * formatting, then parsing its own text to check it): several microseconds each once compiled, more
 * before, and calendar code for the JIT to compile during a storm. Seconds only, as DER has them.
 */
public final class DerTime {

  private static final byte UTC_TIME = 0x17;
  private static final byte GENERALIZED_TIME = 0x18;
  private static final int UTC_TIME_FIRST_YEAR = 1950;
  private static final int UTC_TIME_LAST_YEAR = 2049;

  private DerTime() {}

  /** The DER time of an instant (its whole seconds): UTCTime for 1950 to 2049, else Generalized. */
  public static ASN1Primitive of(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("no ASN.1 time for " + instant);
    }
    boolean utc = year >= UTC_TIME_FIRST_YEAR && year <= UTC_TIME_LAST_YEAR;
    byte[] der = new byte[utc ? 15 : 17];
    der[0] = utc ? UTC_TIME : GENERALIZED_TIME;
    der[1] = (byte) (der.length - 2);
    int at = 2;
    if (!utc) {
      at = digits(der, at, year / 100);
    }
    at = digits(der, at, year % 100);
    at = digits(der, at, t.getMonthValue());
    at = digits(der, at, t.getDayOfMonth());
    at = digits(der, at, t.getHour());
    at = digits(der, at, t.getMinute());
    at = digits(der, at, t.getSecond());
    der[at] = 'Z';
    // Read back from DER: BouncyCastle's decoder takes the contents as they are, unlike its
    // constructors, which check the text with a SimpleDateFormat.
    return utc ? ASN1UTCTime.getInstance(der) : ASN1GeneralizedTime.getInstance(der);
  }

  /** A certificate's notBefore or notAfter. */
  public static org.bouncycastle.asn1.x509.Time x509(Instant instant) {
    return new org.bouncycastle.asn1.x509.Time(of(instant));
  }

  /** A CMS signingTime. */
  static Time cms(Instant instant) {
    return Time.getInstance(of(instant));
  }

  /**
   * The instant of a UTCTime or GeneralizedTime. The DER forms are read here; any other form
   * BouncyCastle accepts (no seconds, fractions, an offset) is left to it.
   *
   * @throws IllegalArgumentException when the value is no time
   * @throws IllegalStateException when BouncyCastle cannot read its text
   */
  static Instant instant(ASN1Encodable value) {
    Time time = Time.getInstance(value);
    Instant parsed = parseDer(contents(time.toASN1Primitive()));
    if (parsed != null) {
      return parsed;
    }
    Date date = time.getDate();
    return date.toInstant();
  }

  /** The text of a time as encoded (a DER time is short, so its length takes one byte). */
  private static String contents(ASN1Primitive time) {
    byte[] der;
    try {
      der = time.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      return null;
    }
    if (der.length < 2 || der[1] != der.length - 2) {
      return null;
    }
    return new String(der, 2, der.length - 2, StandardCharsets.US_ASCII);
  }

  /** {@code YYMMDDHHMMSSZ} or {@code YYYYMMDDHHMMSSZ}, else null. */
  static Instant parseDer(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    if ((n != 13 && n != 15) || text.charAt(n - 1) != 'Z') {
      return null;
    }
    for (int i = 0; i < n - 1; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    int at = 0;
    int year;
    if (n == 13) {
      int yy = number(text, 0);
      year = yy <= UTC_TIME_LAST_YEAR % 100 ? 2000 + yy : 1900 + yy;
      at = 2;
    } else {
      year = number(text, 0) * 100 + number(text, 2);
      at = 4;
    }
    try {
      return LocalDateTime.of(
              year,
              number(text, at),
              number(text, at + 2),
              number(text, at + 4),
              number(text, at + 6),
              number(text, at + 8))
          .toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static int number(String text, int at) {
    return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
  }

  private static int digits(byte[] der, int at, int value) {
    der[at] = (byte) ('0' + value / 10);
    der[at + 1] = (byte) ('0' + value % 10);
    return at + 2;
  }
}
