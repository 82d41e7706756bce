package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fwsim.firmware.est.EstAnswer;
import org.fwsim.firmware.est.EstException;
import org.fwsim.firmware.est.EstHttpsClient;
import org.fwsim.firmware.est.EstRequest;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** fwsim's EST client over real TLS against the embedded CA's EST server: enroll, then renew. */
class EstHttpsClientTest {

  private final ScepCa ca = ScepCa.builder().challenge("s3cret").workers(1).build();
  private final EstServer est = EstServer.start(ca, new InetSocketAddress("127.0.0.1", 0));
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EstHttpsClient client = new EstHttpsClient(64 * 1024, Duration.ofSeconds(20));
  private final EstHttpsClient.Connector direct =
      EstHttpsClient.direct(
          new Bootstrap().group(group).channel(NioSocketChannel.class), est.address());
  private final List<X509Certificate> trusted = List.of(ca.material().rootCert());

  @AfterEach
  void close() {
    est.close();
    ca.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void enrollsWithBasicThenRenewsWithTheCurrentCertificate() throws Exception {
    KeyPair first = TestCertificates.ecKeyPair();
    PKCS10CertificationRequest csr = csr(first, "CN=fgt-https");
    EstHttpsClient.Response r =
        send(
            EstHttpsClient.tls(trusted, null, null),
            EstRequest.simpleEnroll("", csr, "est", "s3cret"));
    X509Certificate current = EstAnswer.enrolled(r.status(), r.contentType(), r.body(), csr);

    KeyPair second = TestCertificates.ecKeyPair();
    PKCS10CertificationRequest renewal = csr(second, "CN=fgt-https");
    EstHttpsClient.Response s =
        send(
            EstHttpsClient.tls(trusted, first.getPrivate(), List.of(current)),
            EstRequest.simpleReenroll("", renewal));
    X509Certificate renewed = EstAnswer.enrolled(s.status(), s.contentType(), s.body(), renewal);
    assertEquals(current.getSubjectX500Principal(), renewed.getSubjectX500Principal());
    assertEquals(second.getPublic(), renewed.getPublicKey());

    EstHttpsClient.Response anonymous =
        send(EstHttpsClient.tls(trusted, null, null), EstRequest.simpleReenroll("", renewal));
    assertEquals(
        403,
        assertThrows(
                EstException.class,
                () ->
                    EstAnswer.enrolled(
                        anonymous.status(), anonymous.contentType(), anonymous.body(), renewal))
            .status());
    assertEquals(2, ca.certificates().size());
  }

  @Test
  void aServerNotVouchedForByEstServerCertIsRefusedBeforeAnyRequest() {
    X509Certificate stranger = TestCertificates.rootCa("not the EST CA").certificate();
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                client
                    .send(
                        direct,
                        "127.0.0.1",
                        est.address().getPort(),
                        EstHttpsClient.tls(List.of(stranger), null, null),
                        EstRequest.cacerts(""))
                    .get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof javax.net.ssl.SSLException, e::toString);
    assertEquals(0, ca.certificates().size());
  }

  private EstHttpsClient.Response send(SslContext tls, EstRequest r) throws Exception {
    return client
        .send(direct, "127.0.0.1", est.address().getPort(), tls, r)
        .get(30, TimeUnit.SECONDS);
  }

  private static PKCS10CertificationRequest csr(KeyPair key, String subject) throws Exception {
    return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
  }
}
