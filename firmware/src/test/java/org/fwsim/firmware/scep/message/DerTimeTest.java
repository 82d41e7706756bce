package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerTimeTest {

  /** The same bytes as BouncyCastle's own Time of a Date, on both sides of each form's range. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1949-12-31T23:59:59Z",
        "1950-01-01T00:00:00Z",
        "1999-12-31T23:59:59.999Z",
        "2026-12-07T11:31:35.123Z",
        "2049-12-31T23:59:59Z",
        "2050-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z"
      })
  void encodesAsBouncyCastleDoesAndReadsItBack(String text) throws Exception {
    Instant instant = Instant.parse(text);
    byte[] ours = DerTime.cms(instant).getEncoded(ASN1Encoding.DER);
    assertArrayEquals(new Time(Date.from(instant)).getEncoded(ASN1Encoding.DER), ours);
    assertArrayEquals(
        new org.bouncycastle.asn1.x509.Time(Date.from(instant)).getEncoded(ASN1Encoding.DER),
        DerTime.x509(instant).getEncoded(ASN1Encoding.DER));
    assertEquals(instant.getEpochSecond(), DerTime.instant(DerTime.of(instant)).getEpochSecond());
    assertEquals(0, DerTime.instant(DerTime.of(instant)).getNano(), "DER has whole seconds");
  }

  /** Forms DER does not use (an offset, no seconds, fractions) are still read, by BouncyCastle. */
  @ParameterizedTest
  @ValueSource(strings = {"2612071131+0100", "2612071031Z"})
  void readsOtherUtcTimeForms(String text) {
    assertEquals(Instant.parse("2026-12-07T10:31:00Z"), DerTime.instant(new ASN1UTCTime(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"20261207103100.5Z"})
  void readsGeneralizedTimeFractions(String text) {
    assertEquals(
        Instant.parse("2026-12-07T10:31:00.500Z"), DerTime.instant(new ASN1GeneralizedTime(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2612071131Z", "261207113135", "26120711313Z5", "261307113135Z"})
  void parseDerRefusesWhatIsNotTheDerForm(String text) {
    assertNull(DerTime.parseDer(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a time"})
  void aValueThatIsNoTimeIsRefused(String text) {
    assertThrows(
        IllegalArgumentException.class, () -> DerTime.instant(new DERPrintableString(text)));
  }
}
