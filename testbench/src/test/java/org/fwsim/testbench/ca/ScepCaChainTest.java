package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Test;

/** A CA behind an issuing intermediate and NDES-like RA certificates. */
class ScepCaChainTest {

  @Test
  void enrolmentThroughRaCertificatesChainsUpToTheRoot() throws Exception {
    SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
    CaMaterial m =
        CaMaterial.generate(
            CaMaterial.Spec.rootOnly().withIntermediate(true).withRa(true), clock.instant());
    try (ScepCa ca =
        ScepCa.builder()
            .clock(clock)
            .material(m)
            .challenge("pw")
            .workers(1)
            .meterRegistry(new SimpleMeterRegistry())
            .build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));
      ScepTestClient client = new ScepTestClient(ca.url(), clock);
      assertEquals(m.raEncryptCert(), client.ca.encryptionCert());
      KeyPair key = ScepTestClient.rsa();

      CertRep rep = client.send(client.enrol(key, "fgt-ra", "pw").request(), key.getPrivate());

      assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "" + rep.failInfoText());
      X509Certificate issued = PkiRequests.issuedFor(rep, key.getPublic());
      assertEquals(m.intermediateCert().getSubjectX500Principal(), issued.getIssuerX500Principal());
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(m.rootCert(), null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509")
                  .generateCertPath(List.of(issued, m.intermediateCert())),
              params);
    }
  }
}
