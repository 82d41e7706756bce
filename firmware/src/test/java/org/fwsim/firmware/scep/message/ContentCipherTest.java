package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContentCipherTest {

  private static final MessageRig RIG = new MessageRig("CN=cipher test CA");

  /**
   * The envelope carries the IV the cipher drew: a fresh one of the cipher's block size each time,
   * and the recipient decrypts with it.
   */
  @ParameterizedTest
  @EnumSource(ContentCipher.class)
  void eachEnvelopeCarriesAFreshIvOfTheBlockSize(ContentCipher cipher) throws Exception {
    byte[] data = "messageData".getBytes(StandardCharsets.US_ASCII);
    SecureRandom random = new SecureRandom();
    byte[] first = CmsLayers.envelope(data, RIG.caCert, "CA", cipher, random);
    byte[] second = CmsLayers.envelope(data, RIG.caCert, "CA", cipher, random);

    byte[] iv = iv(first, cipher);
    assertEquals(cipher == ContentCipher.AES_128_CBC ? 16 : 8, iv.length);
    assertFalse(Arrays.equals(iv, iv(second, cipher)), "a fresh IV per envelope");
    RecipientInformation recipient =
        new CMSEnvelopedData(first).getRecipientInfos().getRecipients().iterator().next();
    assertArrayEquals(
        data, recipient.getContent(new JceKeyTransEnvelopedRecipient(RIG.caKey.getPrivate())));
  }

  private static byte[] iv(byte[] envelope, ContentCipher cipher) throws Exception {
    AlgorithmIdentifier algorithm = new CMSEnvelopedData(envelope).getContentEncryptionAlgorithm();
    assertEquals(cipher.oid(), algorithm.getAlgorithm());
    return ASN1OctetString.getInstance(algorithm.getParameters()).getOctets();
  }
}
