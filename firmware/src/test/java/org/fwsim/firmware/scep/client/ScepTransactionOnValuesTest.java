package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.message.PkiReplies;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepHttpResponse;
import org.fwsim.firmware.scep.transport.ScepOperation;
import org.fwsim.firmware.scep.transport.ScepTransport;
import org.fwsim.firmware.scep.transport.ScepTransportException;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ScepTransaction} driven on values: a {@link ScepTransport} that answers each request from
 * a CA's {@link PkiReplies} on the appliance's mailbox, with no socket, no event loop and no wall
 * clock. What the transaction sends (operation, method, egress) is read back from the requests.
 */
class ScepTransactionOnValuesTest {

  private static final String URL = "http://10.5.149.111/app/cert/scep/";
  private static final int SOURCE = Ip4.parse("192.168.2.99");

  /** The egress the selector hands out: the transaction must carry this very record. */
  private static final Egress EGRESS =
      new Egress(
          "port2",
          4,
          SOURCE,
          SOURCE,
          Ip4.parse("192.168.2.1"),
          Ip4.parse("10.5.149.111"),
          InterfaceSelectMethod.SDWAN,
          "sdwan: service 1(to_ca) mode manual, member 2 port2");

  private static KeyPair caKey;
  private static X509Certificate caCert;

  @BeforeAll
  static void ca() {
    caKey = TestCertificates.rsaKeyPair();
    caCert = TestCertificates.scepCa("CN=FAC", caKey);
  }

  /** A CA as a transport: GetCACaps and GetCACert from values, PKIOperation through PkiReplies. */
  private static final class CaTransport implements ScepTransport {
    final PkiReplies replies;
    final List<ScepHttpRequest> sent = new ArrayList<>();
    String caps = "POSTPKIOperation\nSHA-256\nAES\nSCEPStandard";
    int capsStatus = 200;
    int pendingReplies;

    /** PKIOperations still to time out: decoded and kept, then no answer. */
    int timeouts;

    /** Every PKIOperation request the CA decoded, in order. */
    final List<InboundRequest> pkiRequests = new ArrayList<>();

    ScepTransportException.Reason failCaCert;
    private InboundRequest enrollment;

    CaTransport() throws Exception {
      this.replies =
          PkiReplies.ofCa(
              caCert,
              caKey.getPrivate(),
              InstantSource.fixed(TestCertificates.NOW),
              new SecureRandom());
    }

    @Override
    public void send(
        ScepHttpRequest request,
        DebugControl debug,
        Executor completions,
        Consumer<ScepHttpResponse> onOk,
        Consumer<ScepTransportException> onError) {
      sent.add(request);
      try {
        ScepHttpResponse reply = answer(request);
        completions.execute(() -> onOk.accept(reply));
      } catch (ScepTransportException e) {
        completions.execute(() -> onError.accept(e));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private ScepHttpResponse answer(ScepHttpRequest request) throws Exception {
      switch (request.operation()) {
        case GET_CA_CAPS -> {
          if (capsStatus != 200) {
            throw ScepTransportException.of(
                ScepTransportException.Reason.HTTP_STATUS, "HTTP " + capsStatus, capsStatus);
          }
          return ScepHttpResponse.of(
              ScepOperation.GET_CA_CAPS, "text/plain", caps.getBytes(StandardCharsets.US_ASCII));
        }
        case GET_CA_CERT -> {
          if (failCaCert != null) {
            throw ScepTransportException.of(failCaCert, "connect failed: refused", 0);
          }
          CaCertificates served = CaCertificates.of(List.of(caCert));
          return ScepHttpResponse.of(
              ScepOperation.GET_CA_CERT, served.contentType(), served.toWire());
        }
        default -> {
          InboundRequest in = replies.decode(request.pkiMessage());
          pkiRequests.add(in);
          if (timeouts > 0) {
            timeouts--;
            throw ScepTransportException.of(
                ScepTransportException.Reason.TIMEOUT, "no complete reply within 30000 ms", 0);
          }
          if (in.header().type() != MessageType.CERT_POLL) {
            enrollment = in;
          }
          byte[] body;
          if (pendingReplies > 0) {
            pendingReplies--;
            body = replies.pending(in);
          } else {
            X509Certificate issued =
                TestCertificates.issue(enrollment.csr(), caCert, caKey.getPrivate(), 101);
            body = replies.success(in, List.of(issued));
          }
          return ScepHttpResponse.of(
              ScepOperation.PKI_OPERATION, "application/x-pki-message", body);
        }
      }
    }

    List<ScepOperation> operations() {
      return sent.stream().map(ScepHttpRequest::operation).toList();
    }
  }

  /** The CA each test's appliance talks to. */
  private CaTransport ca;

  @BeforeEach
  void newCa() throws Exception {
    ca = new CaTransport();
  }

  /** An appliance VDOM whose egress is {@link #EGRESS} and whose transport is {@link #ca}. */
  private ScepClientFixture appliance() {
    return appliance(ScepFlow.RFC8894);
  }

  private ScepClientFixture appliance(ScepFlow flow) {
    return new ScepClientFixture(
        ScepPolicy.DEFAULTS.withFlow(flow), (vdom, dst, source) -> EGRESS, ca);
  }

  /** Runs {@link #enrollment()} on {@code appliance}; asserts that it was issued. */
  private static ScepOutcome issued(ScepClientFixture appliance) throws Exception {
    ScepOutcome outcome = appliance.run(false, enrollment());
    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    return outcome;
  }

  private static ScepEnrollment enrollment() {
    return TestScepEnrollment.of("FAC_SCEP", URL, "secret", ScepClientFixture.SUBJECT)
        .sourceIp(SOURCE)
        .build();
  }

  @Test
  void aPendingEnrollmentPollsOnceAndInstallsWithEveryRequestOnTheChosenEgress() throws Exception {
    ScepClientFixture appliance = appliance();
    ca.pendingReplies = 1;

    ScepOutcome outcome = issued(appliance);
    assertEquals(1, outcome.polls());
    assertEquals(
        List.of(
            ScepOperation.GET_CA_CAPS,
            ScepOperation.GET_CA_CERT,
            ScepOperation.PKI_OPERATION,
            ScepOperation.PKI_OPERATION),
        ca.operations());
    for (ScepHttpRequest r : ca.sent) {
      assertSame(EGRESS, r.egress(), "the selector's record reaches the transport unchanged");
      assertEquals(4, r.ifindex());
      assertEquals(SOURCE, r.sourceIp());
    }
    assertTrue(
        ca.sent.stream()
            .filter(r -> r.operation() == ScepOperation.PKI_OPERATION)
            .allMatch(ScepHttpRequest::post),
        "the CA offers POSTPKIOperation");
    LocalCertificate installed = appliance.vdomStore.snapshot().findLocal("FAC_SCEP").orElseThrow();
    assertEquals(outcome.installed(), installed);
  }

  @Test
  void theFortiOsFlowStartsAtGetCaCertAndSendsEveryPkiOperationByGet() throws Exception {
    ScepClientFixture appliance = appliance(ScepFlow.FORTIOS);
    ca.pendingReplies = 1;

    ScepOutcome outcome = issued(appliance);
    assertEquals(
        List.of(
            ScepOperation.GET_CA_CERT, ScepOperation.PKI_OPERATION, ScepOperation.PKI_OPERATION),
        ca.operations());
    assertTrue(
        ca.sent.stream()
            .filter(r -> r.operation() == ScepOperation.PKI_OPERATION)
            .noneMatch(ScepHttpRequest::post),
        "KB-262267: the message goes base64 in a GET, whatever the CA would offer");
  }

  @Test
  void anHttpErrorToGetCaCapsMeansNoCapabilitiesSoPkiOperationGoesByGet() throws Exception {
    ScepClientFixture appliance = appliance();
    ca.capsStatus = 404;

    ScepOutcome outcome = issued(appliance);
    ScepHttpRequest pki = ca.sent.get(2);
    assertEquals(ScepOperation.PKI_OPERATION, pki.operation());
    assertFalse(pki.post(), "RFC 8894 §3.5.2: without POSTPKIOperation the request is a GET");
  }

  @Test
  void aTransportFailureEndsTheTransactionWithItsMessageAndInstallsNothing() throws Exception {
    ScepClientFixture appliance = appliance();
    ca.failCaCert = ScepTransportException.Reason.CONNECT_FAILED;

    ScepOutcome outcome = appliance.run(false, enrollment());

    assertEquals(ScepOutcome.Status.FAILED, outcome.status());
    assertEquals("connect failed: refused", outcome.reason());
    assertEquals(List.of(ScepOperation.GET_CA_CAPS, ScepOperation.GET_CA_CERT), ca.operations());
    assertNull(appliance.vdomStore.snapshot().findLocal("FAC_SCEP").orElse(null));
  }

  @Test
  void aRenewalTriedAgainAfterATimeoutSendsItsTransactionAgainWithTheSameKey() throws Exception {
    ScepClientFixture appliance = appliance();
    issued(appliance);
    ca.timeouts = 1;
    long keysBefore = ScepClientFixture.KEYS.handedOut();

    ScepOutcome lost = appliance.run(true, enrollment());
    assertEquals(ScepOutcome.Status.FAILED, lost.status(), lost::reason);
    ScepOutcome renewed = appliance.run(true, enrollment());
    assertEquals(ScepOutcome.Status.ISSUED, renewed.status(), renewed::reason);

    // Enrollment, the lost renewal, the renewal again.
    assertEquals(3, ca.pkiRequests.size());
    InboundRequest first = ca.pkiRequests.get(1);
    InboundRequest again = ca.pkiRequests.get(2);
    assertEquals(first.header().transactionId(), again.header().transactionId());
    assertEquals(first.csr().getSubjectPublicKeyInfo(), again.csr().getSubjectPublicKeyInfo());
    assertEquals(
        1, ScepClientFixture.KEYS.handedOut() - keysBefore, "one key of the pool for both tries");
    assertArrayEquals(
        again.csr().getSubjectPublicKeyInfo().getEncoded(),
        renewed.installed().certificate().getPublicKey().getEncoded());
  }

  @Test
  void aRenewalAfterASuccessTakesAFreshKey() throws Exception {
    ScepClientFixture appliance = appliance();
    issued(appliance);
    ca.timeouts = 1;
    appliance.run(true, enrollment());
    ScepOutcome renewed = appliance.run(true, enrollment());
    assertEquals(ScepOutcome.Status.ISSUED, renewed.status(), renewed::reason);

    ScepOutcome next = appliance.run(true, enrollment());
    assertEquals(ScepOutcome.Status.ISSUED, next.status(), next::reason);
    assertFalse(
        ca.pkiRequests
            .get(2)
            .header()
            .transactionId()
            .equals(ca.pkiRequests.get(3).header().transactionId()),
        "a new renewal is a new operation");
  }
}
