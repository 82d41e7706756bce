package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaCapsTest {

  @Test
  void micromdmDefaultList() {
    CaCaps caps =
        CaCaps.parse("Renewal\nSHA-1\nSHA-256\nAES\nDES3\nSCEPStandard\nPOSTPKIOperation\n");
    assertTrue(caps.postSupported());
    assertTrue(caps.renewalSupported());
    assertEquals(ContentCipher.AES_128_CBC, caps.cipher());
    assertEquals("SHA-256", caps.digest());
    assertEquals(
        List.of("Renewal", "SHA-1", "SHA-256", "AES", "DES3", "SCEPStandard", "POSTPKIOperation"),
        caps.keywords());
  }

  @Test
  void emptyBodyMeansNoCapabilitiesAndLegacyChoices() {
    for (String body : new String[] {"", "\r\n", null}) {
      CaCaps caps = CaCaps.parse(body);
      assertFalse(caps.postSupported());
      assertFalse(caps.renewalSupported());
      assertEquals(ContentCipher.DES3, caps.cipher(), "never single DES");
      assertEquals("SHA-1", caps.digest());
      assertEquals("", caps.toWire());
    }
  }

  @Test
  void keywordsMatchCaseInsensitivelyAcrossCrlf() {
    CaCaps caps = CaCaps.parse("postpkioperation\r\naes\r\nsha-256\r\nrenewal\r\n");
    assertTrue(caps.has("POSTPKIOperation"));
    assertTrue(caps.has("Aes"));
    assertTrue(caps.postSupported());
    assertTrue(caps.renewalSupported());
    assertEquals(ContentCipher.AES_128_CBC, caps.cipher());
    assertEquals("SHA-256", caps.digest());
    assertEquals(
        "POSTPKIOperation\nAES\nSHA-256\nRenewal", caps.toWire(), "written in the RFC's case");
  }

  /** SHA-1 and DES3 alone stay legacy; SCEPStandard alone implies AES, POST and SHA-256. */
  @ParameterizedTest
  @CsvSource({"SHA-1;DES3, DES3, SHA-1, false", "SCEPStandard, AES_128_CBC, SHA-256, true"})
  void aShortListChoosesCipherDigestAndPost(
      String keywords, ContentCipher cipher, String digest, boolean post) {
    CaCaps caps = CaCaps.parse(keywords.replace(';', '\n'));
    assertEquals(cipher, caps.cipher());
    assertEquals(digest, caps.digest());
    assertEquals(post, caps.postSupported());
    assertFalse(caps.renewalSupported());
  }

  @Test
  void unknownKeywordsAreKeptButIgnoredAndDigiCertListPicksSha256() {
    CaCaps caps =
        CaCaps.parse("POSTPKIOperation\nRenewal\nSHA-512\nSHA-256\nSHA-1\nUpdate\nFrobnicate");
    assertEquals("SHA-256", caps.digest());
    assertEquals(ContentCipher.DES3, caps.cipher());
    assertTrue(caps.has("update"));
    assertEquals("SHA-512", CaCaps.parse("SHA-512\nAES").digest());
  }

  @Test
  void wireFormRoundTrips() {
    CaCaps caps = CaCaps.of("AES", "GetNextCACert", "POSTPKIOperation", "SCEPStandard", "SHA-256");
    assertEquals(caps.keywords(), CaCaps.parse(caps.toWire()).keywords());
  }
}
