package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with a strict SCEP client nobody here wrote: strongSwan's {@code pki --scep} (Debian's
 * strongswan-pki with the curl fetcher of libstrongswan-extra-plugins) enrolls against the embedded
 * CA, renews with its old certificate and key, and {@code openssl verify} accepts both
 * certificates. strongSwan refuses a CertRep whose SignerInfo names {@code sha256WithRSAEncryption}
 * and an AES offer without SHA-384 or SHA-512 in GetCACaps; this test fails on either. Without the
 * tools it fails ({@link org.fwsim.hal.testing.Peer}; .ci/run installs them).
 */
class StrongswanPkiInteropTest {

  private static final String CHALLENGE = "strongswan-secret";

  @TempDir Path tmp;

  @BeforeEach
  void tools() {
    Peer.PKI.require();
    Peer.OPENSSL.require();
  }

  @ParameterizedTest(name = "digest {0}")
  @ValueSource(strings = {"sha256", "sha384", "sha512"})
  void pkiEnrollsWithEachDigestAndOpensslVerifies(String digest) throws Exception {
    try (ScepCa ca = startCa()) {
      Path caCert = fetchCaCert(ca);
      Path key = generateKey("key.pem");
      Path cert = tmp.resolve("cert.pem");

      PeerRun enrol =
          scep(
              ca,
              caCert,
              key,
              "CN=fgt-strongswan-" + digest,
              "--password",
              CHALLENGE,
              "--digest",
              digest);
      assertEquals(0, enrol.exit(), () -> enrol + "\nCA log: " + ca.accessLog().entries());
      Files.writeString(cert, enrol.stdout());

      X509Certificate issued = read(cert);
      assertTrue(
          issued.getSubjectX500Principal().getName().contains("CN=fgt-strongswan-" + digest));
      assertTrue(ca.certificates().find(issued.getSerialNumber()).isPresent());
      OpensslVerify.assertVerifies(tmp, ca.material().rootCert(), List.of(issued));
    }
  }

  @Test
  void pkiRenewsWithTheOldCertificateAndKey() throws Exception {
    try (ScepCa ca = startCa()) {
      Path caCert = fetchCaCert(ca);
      Path oldKey = generateKey("old-key.pem");
      PeerRun enrol = scep(ca, caCert, oldKey, "CN=fgt-renew", "--password", CHALLENGE);
      assertEquals(0, enrol.exit(), enrol::toString);
      Path oldCert = Files.writeString(tmp.resolve("old-cert.pem"), enrol.stdout());

      // No challenge this time: the old certificate and key authenticate the renewal.
      Path newKey = generateKey("new-key.pem");
      PeerRun renew =
          scep(
              ca,
              caCert,
              newKey,
              "CN=fgt-renew",
              "--cert",
              oldCert.toString(),
              "--key",
              oldKey.toString());
      assertEquals(0, renew.exit(), () -> renew + "\nCA log: " + ca.accessLog().entries());
      X509Certificate renewed =
          read(Files.writeString(tmp.resolve("new-cert.pem"), renew.stdout()));
      X509Certificate old = read(oldCert);

      assertNotEquals(old.getSerialNumber(), renewed.getSerialNumber());
      assertNotEquals(old.getPublicKey(), renewed.getPublicKey());
      assertEquals(old.getSubjectX500Principal(), renewed.getSubjectX500Principal());
      OpensslVerify.assertVerifies(tmp, ca.material().rootCert(), List.of(old, renewed));
    }
  }

  private ScepCa startCa() throws Exception {
    ScepCa ca =
        ScepCa.builder()
            .challenge(CHALLENGE)
            .meterRegistry(new SimpleMeterRegistry())
            .workers(1)
            .build();
    ca.start(new InetSocketAddress("127.0.0.1", 0));
    return ca;
  }

  /** {@code pki --scepca}: the CA certificate as strongSwan fetches it (GetCACert). */
  private Path fetchCaCert(ScepCa ca) throws Exception {
    Path out = tmp.resolve("ca.crt");
    PeerRun r = pki("--scepca", "--url", ca.url().toString(), "--caout", out.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(ca.material().rootCert(), read(out));
    return out;
  }

  private Path generateKey(String name) throws Exception {
    PeerRun r = pki("--gen", "--type", "rsa", "--size", "2048", "--outform", "pem");
    assertEquals(0, r.exit(), r::toString);
    return Files.writeString(tmp.resolve(name), r.stdout());
  }

  private static X509Certificate read(Path pemOrDer) throws Exception {
    try (InputStream in = Files.newInputStream(pemOrDer)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /**
   * {@code pki --scep} against {@code ca} for a certificate of {@code key} with that subject,
   * trusting {@code caCert} for both encryption and signatures, PEM out; {@code more} adds options.
   */
  private PeerRun scep(ScepCa ca, Path caCert, Path key, String dn, String... more)
      throws IOException, InterruptedException {
    return new PeerFiles(tmp)
        .attempt(
            List.of(
                "pki",
                "--scep",
                "--url",
                ca.url().toString(),
                "--in",
                key.toString(),
                "--dn",
                dn,
                "--cacert-enc",
                caCert.toString(),
                "--cacert-sig",
                caCert.toString(),
                "--outform",
                "pem"),
            more);
  }

  private PeerRun pki(String... args) throws IOException, InterruptedException {
    return new PeerFiles(tmp).attempt(List.of("pki"), args);
  }
}
