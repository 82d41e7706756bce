package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.hal.io.SafeFiles;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA with a depot keeps its identity, serials, index and log across a restart. */
class CaDepotTest {

  @TempDir Path dir;

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));

  @Test
  void restartedCaKeepsItsKeyContinuesSerialsAndStillKnowsWhatItIssued() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    X509Certificate first;
    String fingerprint;
    try (ScepCa ca = start()) {
      fingerprint = ca.fingerprint();
      ScepTestClient client = new ScepTestClient(ca.url(), clock);
      first = issue(client, key, "fgt-depot-1");
      assertTrue(ca.revoke(first.getSerialNumber()));
    }
    clock.step(Duration.ofHours(1));
    try (ScepCa ca = start()) {
      assertEquals(fingerprint, ca.fingerprint(), "same CA after restart");
      IssuedCertificate row = ca.certificates().find(first.getSerialNumber()).orElseThrow();
      assertEquals(first, row.certificate());
      assertEquals(IssuedCertificate.Status.REVOKED, row.status());
      assertEquals(first.getSubjectX500Principal().getName(), row.subject());
      assertTrue(
          Files.readString(dir.resolve("index.txt"))
              .contains("\t" + first.getSubjectX500Principal().getName() + "\n"),
          "index.txt names the subject as RFC 2253 spells it");
      ScepTestClient client = new ScepTestClient(ca.url(), clock);
      X509Certificate second = issue(client, ScepTestClient.rsa(), "fgt-depot-2");
      assertEquals(first.getSerialNumber().add(BigInteger.ONE), second.getSerialNumber());
      second.verify(ca.material().rootCert().getPublicKey());
    }
    List<String> log = Files.readAllLines(dir.resolve("access.log"));
    assertTrue(
        log.stream().filter(l -> l.contains("PKCSReq") && l.contains("\"SUCCESS\"")).count() == 2,
        () -> String.join("\n", log));
    assertTrue(log.get(0).startsWith("2026-11-23T10:00:00Z 127.0.0.1:"), log.get(0));
    assertTrue(
        Files.exists(dir.resolve("certs").resolve(CaDepot.hex(first.getSerialNumber()) + ".pem")));
  }

  @Test
  void depotWithChainMaterialRoundTrips() {
    CaMaterial m =
        CaMaterial.generate(
            CaMaterial.Spec.rootOnly().withIntermediate(true).withRa(true), clock.instant());
    CaDepot d = new CaDepot(dir);
    d.storeMaterial(m);

    CaMaterial back = d.loadMaterial().orElseThrow();

    assertEquals(m.caChain(), back.caChain());
    assertEquals(m.raEncryptKey(), back.raEncryptKey());
    assertEquals(m.issuerKey(), back.issuerKey());
  }

  @Test
  void depotKeysAreTheOwnersAloneAndALinkAtTheTemporaryPathIsNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path depot = dir.resolve("ca");
    Files.createDirectories(depot);
    Files.createSymbolicLink(depot.resolve("ca.key.tmp"), victim);
    CaDepot d = new CaDepot(depot.resolve("sub"));
    new CaDepot(depot)
        .storeMaterial(CaMaterial.generate(CaMaterial.Spec.rootOnly(), clock.instant()));
    assertEquals("precious\n", Files.readString(victim));
    Assumptions.assumeTrue(SafeFiles.posix(dir), "POSIX permissions");
    assertEquals("rw-------", permissions(depot.resolve("ca.key")));
    assertEquals("rwx------", permissions(d.dir()), "a depot directory the CA creates");
    d.appendRevoked(BigInteger.TEN, clock.instant());
    assertEquals("rw-------", permissions(d.dir().resolve("index.txt")));
  }

  private static String permissions(Path p) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void corruptSerialFileIsAClearError() throws Exception {
    Files.writeString(dir.resolve("serial"), "not-hex\n");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new CertificateIndex(new CaDepot(dir)));
    assertTrue(
        e.getMessage().contains("serial") && e.getMessage().contains("not-hex"), e.getMessage());
  }

  private ScepCa start() {
    ScepCa ca =
        ScepCa.builder()
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .depot(dir)
            .challenge("pw")
            .workers(1)
            .build();
    ca.start(new InetSocketAddress("127.0.0.1", 0));
    return ca;
  }

  private static X509Certificate issue(ScepTestClient client, KeyPair key, String cn)
      throws Exception {
    CertRep rep = client.send(client.enrol(key, cn, "pw").request(), key.getPrivate());
    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "" + rep.failInfoText());
    X509Certificate c = PkiRequests.issuedFor(rep, key.getPublic());
    assertEquals(
        new X500Name("O=fwsim,CN=" + cn),
        X500Name.getInstance(c.getSubjectX500Principal().getEncoded()));
    return c;
  }
}
