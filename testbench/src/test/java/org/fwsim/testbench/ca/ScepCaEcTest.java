package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * EC appliance keys against the embedded CA over loopback HTTP: enrollment with the challenge gets
 * a password-based reply, a renewal signed by the issued EC certificate gets key agreement (or the
 * password again when its CSR carries one); every issued certificate has the EC key usages and
 * passes {@code openssl verify}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScepCaEcTest {

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private ScepCa ca;
  private ScepTestClient client;

  @TempDir Path tmp;

  @BeforeAll
  void start() throws Exception {
    ca = ScepTestClient.startCa(clock, new SimpleMeterRegistry(), 1);
    client = new ScepTestClient(ca.url(), clock);
  }

  @AfterAll
  void stop() {
    ca.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256", "EC_P384", "EC_P521"})
  void ecCertificatesEnrollAndRenewAndVerifyWithOpenssl(KeyType type) throws Exception {
    List<X509Certificate> issued = new ArrayList<>();
    KeyPair key = KeySource.jca().generate(type);
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-" + type.curve(), "s3cret");

    X509Certificate first = exchange(e.request(), key, key, PasswordRecipientInformation.class);
    issued.add(first);
    boolean[] usage = first.getKeyUsage();
    assertTrue(usage[0] && usage[4], "digitalSignature and keyAgreement");
    assertFalse(usage[2], "no keyEncipherment for an EC key");

    // Renewal signed by the issued certificate: without a challenge key agreement, with one the
    // password.
    KeyPair current = key;
    X509Certificate signer = first;
    for (String challenge : new String[] {null, "s3cret"}) {
      KeyPair next = KeySource.jca().generate(type);
      OutboundRequest renewal =
          client.renewalReq(next, e.subject(), challenge, signer, current.getPrivate());
      signer =
          exchange(
              renewal,
              current,
              next,
              challenge == null
                  ? KeyAgreeRecipientInformation.class
                  : PasswordRecipientInformation.class);
      issued.add(signer);
      current = next;
    }
    assertEquals(
        "RenewalReq",
        ca.accessLog().entries().get(ca.accessLog().entries().size() - 1).messageType());
    for (X509Certificate c : issued) {
      c.verify(ca.material().rootCert().getPublicKey());
      assertEquals(type, KeyType.of(c.getPublicKey()));
    }
    OpensslVerify.assertVerifies(tmp, ca.material().rootCert(), issued, clock.instant());
  }

  /**
   * Sends over POST, checks the envelope's recipient kind, opens the reply, returns the new
   * certificate.
   */
  private X509Certificate exchange(
      OutboundRequest request,
      KeyPair signing,
      KeyPair certified,
      Class<? extends RecipientInformation> expected)
      throws Exception {
    HttpResponse<byte[]> r = client.post(request.der());
    assertEquals(200, r.statusCode());
    CertRep rep = client.codec.decodeReply(r.body(), request, signing.getPrivate(), client.ca);
    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> rep.failInfo() + " " + rep.failInfoText());
    byte[] envelope = (byte[]) new CMSSignedData(r.body()).getSignedContent().getContent();
    RecipientInformation recipient =
        new CMSEnvelopedData(envelope).getRecipientInfos().getRecipients().iterator().next();
    assertTrue(
        expected.isInstance(recipient),
        () ->
            "expected "
                + expected.getSimpleName()
                + ", got "
                + recipient.getClass().getSimpleName());
    return PkiRequests.issuedFor(rep, certified.getPublic());
  }
}
