package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fwsim's CMPv2 client against OpenSSL 3's mock server ({@code openssl cmp -port}): {@code generate
 * cmp} does its IR MAC-protected with the server's {@code -srv_secret} and takes the ip's caPubs;
 * forticron's KUR is signed with that certificate and the kup, signed with {@code -srv_cert}, must
 * chain to the caPubs' root; then a second IR signed by that certificate ({@code authcert}) instead
 * of a MAC, which the mock checks against the root it trusts. The mock returns the {@code
 * -rsp_cert} it was given, so the appliance's key source hands out the keys those certificates were
 * made for.
 */
class ConsoleCmpOpensslServerTest extends ConsoleScriptTest {

  private static final String SECRET = "mock-s3cret";

  @TempDir Path dir;

  @Test
  void irThenKurAgainstOpensslsMockServer() throws Exception {
    TestCertificates.Issued root = TestCertificates.rootCa("Mock CMP Root");
    TestCertificates.Issued server = TestCertificates.leaf("Mock CMP Server", root);
    KeyPair first = TestCertificates.rsaKeyPair();
    KeyPair second = TestCertificates.rsaKeyPair();
    pem("root.pem", root.certificate());
    pem("srv.pem", server.certificate());
    Files.writeString(dir.resolve("srv.key"), pkcs8(server.privateKey()));
    KeyPair third = TestCertificates.rsaKeyPair();
    pem("issued1.pem", issued(first, root));
    pem("issued2.pem", issued(second, root));
    pem("issued3.pem", issued(third, root));
    ConcurrentLinkedQueue<KeyPair> keys =
        new ConcurrentLinkedQueue<>(List.of(first, second, third));
    try (Hypervisor hv =
            TestHypervisors.builder(TestCertificates.NOW).keySource(type -> keys.remove()).build();
        OpensslCmpMockServer ir =
            OpensslCmpMockServer.start(
                dir,
                "-srv_ref",
                "mock",
                "-srv_secret",
                "pass:" + SECRET,
                "-rsp_cert",
                "issued1.pem",
                "-rsp_capubs",
                "root.pem",
                "-max_msgs",
                "2");
        OpensslCmpMockServer kur = signingMock("issued2.pem");
        OpensslCmpMockServer signedIr = signingMock("issued3.pem")) {
      map(hv, "10.5.149.120", 829, ir.port());
      map(hv, "10.5.149.121", 829, kur.port());
      map(hv, "10.5.149.122", 829, signedIr.port());
      try (ConsoleSimulation sim = start(hv)) {
        String t =
            run(
                sim,
                "execute vpn certificate local generate cmp FGT_MOCK 2048 10.5.149.120:829 pkix/"
                    + " \"\" \"\" fgt-user "
                    + SECRET
                    + " myvpn\n");
        assertContainsAll(t, "Certificate FGT_MOCK: enrolled, serial ");
        assertEquals(globalLocal(sim, "FGT_MOCK"), readPem("issued1.pem"));
        t =
            run(
                sim,
                """
                config vpn certificate local
                edit FGT_MOCK
                set cmp-server 10.5.149.121:829
                set auto-regenerate-days 7
                next
                end
                sim clock advance 359d
                execute log display
                """);
        assertContainsAll(t, "logid=\"0101041987\"", "method=\"CMPV2\"");
        assertEquals(globalLocal(sim, "FGT_MOCK"), readPem("issued2.pem"), kur.output());
        // An IR signed by authcert (the renewed certificate), checked by the mock against the
        // root it trusts (-srv_trusted), instead of a MAC.
        t =
            run(
                sim,
                "execute vpn certificate local generate cmp FGT_SIGNED 2048 10.5.149.122:829"
                    + " pkix/ \"\" FGT_MOCK \"\" \"\" myvpn\n");
        assertContainsAll(t, "Certificate FGT_SIGNED: enrolled, serial ");
        assertEquals(globalLocal(sim, "FGT_SIGNED"), readPem("issued3.pem"), signedIr.output());
      }
      // Each mock took two messages (the request, then certConf) and logged no CMP error; closing
      // waits for its output to be read to the end.
      for (OpensslCmpMockServer mock : List.of(ir, kur, signedIr)) {
        mock.close();
        assertEquals(2, mock.output().split("Received request", -1).length - 1, mock.output());
        assertFalse(mock.output().contains("CMP error"), mock.output());
      }
    }
  }

  /**
   * A mock that signs its answers with {@code -srv_cert} and checks signed requests against the
   * root ({@code -srv_trusted}), answering with {@code rspCert}.
   */
  private OpensslCmpMockServer signingMock(String rspCert) throws IOException {
    return OpensslCmpMockServer.start(
        dir,
        "-srv_cert",
        "srv.pem",
        "-srv_key",
        "srv.key",
        "-srv_trusted",
        "root.pem",
        "-rsp_cert",
        rspCert,
        "-rsp_extracerts",
        "root.pem",
        "-max_msgs",
        "2");
  }

  /**
   * A certificate for {@code key}; all share one serial because the mock checks a KUR's oldCertID
   * against the certificate it returns ({@code -rsp_cert}), not against the one being updated.
   */
  private static X509Certificate issued(KeyPair key, TestCertificates.Issued root) {
    return TestCertificates.builder()
        .subject("CN=myvpn")
        .publicKey(key.getPublic())
        .issuedBy(root)
        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)
        .serial(4242)
        .build()
        .certificate();
  }

  private static void map(Hypervisor hv, String simAddress, int simPort, int hostPort) {
    hv.underlay()
        .map(
            new InetSocketAddress(simAddress, simPort),
            new InetSocketAddress("127.0.0.1", hostPort));
  }

  private static String pkcs8(java.security.PrivateKey key) throws IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    try (org.bouncycastle.openssl.jcajce.JcaPEMWriter p =
        new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
      p.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
    }
    return w.toString();
  }

  private void pem(String name, X509Certificate c) throws IOException {
    Files.writeString(dir.resolve(name), PemCodec.certificates(List.of(c)));
  }

  private X509Certificate readPem(String name) throws IOException {
    return PemCodec.parseCertificates(Files.readString(dir.resolve(name)), name).get(0);
  }
}
