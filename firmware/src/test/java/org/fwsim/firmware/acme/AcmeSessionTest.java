package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

class AcmeSessionTest {

  private static final InstantSource CLOCK = InstantSource.fixed(TestCertificates.NOW);

  private final FakeAcmeServer server = new FakeAcmeServer();
  private final KeyPair certKey = TestCertificates.rsaKeyPair();
  private final List<AcmeStep> steps = new ArrayList<>();

  private AcmeSession session(KeyPair accountKey) {
    return new AcmeSession(
        new AcmeOrder(
            FakeAcmeServer.DIRECTORY,
            "fw1.test",
            "admin@fw1.test",
            AcmeCsr.build(certKey, "fw1.test"),
            new AccountKey(accountKey),
            null),
        CLOCK,
        5);
  }

  /** Drives the session against the fake until it issues (or throws), as the firmware's driver. */
  private AcmeStep.Issued run(AcmeSession session) throws AcmeException {
    AcmeStep step = session.start();
    while (true) {
      steps.add(step);
      AcmeRequest next;
      if (step instanceof AcmeStep.Issued issued) {
        return issued;
      } else if (step instanceof AcmeStep.Send s) {
        next = s.request();
      } else if (step instanceof AcmeStep.Wait w) {
        next = w.then();
      } else {
        AcmeStep.Answer a = (AcmeStep.Answer) step;
        server.published.put(a.token(), a.keyAuthorization());
        next = a.then();
      }
      step = session.onResponse(server.handle(next));
    }
  }

  @Test
  void enrollsWithAnEcAccountThroughEveryResource() throws AcmeException {
    AcmeSession session = session(TestCertificates.ecKeyPair());
    AcmeStep.Issued issued = run(session);
    assertEquals(certKey.getPublic(), issued.leaf().getPublicKey());
    assertEquals(2, issued.chain().size());
    assertEquals(FakeAcmeServer.BASE.resolve("acct/1"), issued.account());
    assertEquals(
        List.of(
            "GET /dir",
            "HEAD /nonce",
            "POST /acct",
            "POST /order",
            "POST /authz/1",
            "POST /chall/1",
            "POST /authz/1",
            "POST /finalize/1",
            "POST /order/1",
            "POST /cert/1"),
        server.log);
  }

  @Test
  void enrollsWithAnRsaAccountToo() throws AcmeException {
    assertEquals(
        certKey.getPublic(), run(session(TestCertificates.rsaKeyPair())).leaf().getPublicKey());
  }

  @Test
  void aKnownAccountSkipsNewAccount() throws AcmeException {
    KeyPair account = TestCertificates.ecKeyPair();
    run(session(account));
    server.log.clear();
    AcmeSession again =
        new AcmeSession(
            new AcmeOrder(
                FakeAcmeServer.DIRECTORY,
                "fw1.test",
                "",
                AcmeCsr.build(certKey, "fw1.test"),
                new AccountKey(account),
                FakeAcmeServer.BASE.resolve("acct/1")),
            CLOCK,
            5);
    run(again);
    assertTrue(!server.log.contains("POST /acct"), server.log.toString());
  }

  @Test
  void aBadNonceIsRetriedOnceWithTheNonceThatCameWithIt() throws AcmeException {
    server.badNonces = 1;
    run(session(TestCertificates.ecKeyPair()));
    assertEquals(List.of("POST /acct", "POST /acct"), server.log.subList(2, 4));
  }

  @Test
  void aSecondBadNonceInARowIsTheError() {
    server.badNonces = 2;
    AcmeException e =
        assertThrows(AcmeException.class, () -> run(session(TestCertificates.ecKeyPair())));
    assertEquals(AcmeError.BAD_NONCE, e.error());
    assertEquals(400, e.status());
    assertTrue(e.fromServer());
  }

  @Test
  void theServersRetryAfterSetsThePollDelay() throws AcmeException {
    server.retryAfter = "7";
    server.pollsBeforeValid = 3;
    run(session(TestCertificates.ecKeyPair()));
    List<Duration> waits =
        steps.stream()
            .filter(s -> s instanceof AcmeStep.Wait)
            .map(s -> ((AcmeStep.Wait) s).delay())
            .toList();
    // The first wait follows the challenge answer (no Retry-After there), then the authz polls.
    assertEquals(
        List.of(
            AcmeSession.DEFAULT_POLL,
            Duration.ofSeconds(7),
            Duration.ofSeconds(7),
            AcmeSession.DEFAULT_POLL),
        waits);
  }

  @Test
  void retryAfterAsAnHttpDateCountsFromTheAppliancesClock() {
    AcmeResponse r =
        new AcmeResponse(
            200, java.util.Map.of("retry-after", "Mon, 23 Nov 2026 12:00:30 GMT"), new byte[0]);
    assertEquals(Duration.ofSeconds(30), r.retryAfter(TestCertificates.NOW).orElseThrow());
  }

  @Test
  void pollingGivesUpAfterMaxPolls() {
    server.pollsBeforeValid = 99;
    AcmeException e =
        assertThrows(AcmeException.class, () -> run(session(TestCertificates.ecKeyPair())));
    assertTrue(e.getMessage().contains("still not final after 5 polls"), e.getMessage());
    assertTrue(!e.fromServer());
  }

  @Test
  void aFailedValidationIsTheChallengesTypedError() {
    server.answerWrongKeyAuthorization = true;
    AcmeException e =
        assertThrows(AcmeException.class, () -> run(session(TestCertificates.ecKeyPair())));
    assertEquals(AcmeError.INCORRECT_RESPONSE, e.error());
    assertTrue(e.getMessage().contains("key authorization mismatch"), e.getMessage());
  }

  @Test
  void theHttp01AnswerIsTheTokenAndTheAccountKeysThumbprint() throws AcmeException {
    KeyPair account = TestCertificates.ecKeyPair();
    run(session(account));
    AcmeStep.Answer answer =
        (AcmeStep.Answer)
            steps.stream().filter(s -> s instanceof AcmeStep.Answer).findFirst().orElseThrow();
    assertEquals(
        answer.token() + "." + new AccountKey(account).thumbprint(), answer.keyAuthorization());
  }

  @Test
  void aChainForAnotherKeyIsRefused() {
    String refusal =
        refusalOf(
            csr ->
                TestCertificates.builder("fw1.test")
                    .subjectAltNames(new GeneralName(GeneralName.dNSName, "fw1.test"))
                    .issuedBy(server.intermediate)
                    .build());
    assertTrue(refusal.contains("does not certify the CSR's key"), refusal);
  }

  @Test
  void aChainForAnotherNameIsRefused() {
    String refusal =
        refusalOf(
            csr ->
                TestCertificates.builder()
                    .csr(csr)
                    .subjectAltNames(new GeneralName(GeneralName.dNSName, "other.test"))
                    .issuedBy(server.intermediate)
                    .build());
    assertTrue(refusal.contains("does not name fw1.test"), refusal);
  }

  /** Why the session refuses the chain the server issues with {@code issue}. */
  private String refusalOf(Function<PKCS10CertificationRequest, TestCertificates.Issued> issue) {
    server.issue = issue;
    return assertThrows(AcmeException.class, () -> run(session(TestCertificates.ecKeyPair())))
        .getMessage();
  }

  @Test
  void problemTypesMapToTheirErrorsAndOthersToOther() {
    assertEquals(AcmeError.RATE_LIMITED, AcmeError.ofType(AcmeError.NAMESPACE + "rateLimited"));
    assertEquals(AcmeError.BAD_CSR, AcmeError.ofType("urn:ietf:params:acme:error:badCSR"));
    assertEquals(AcmeError.OTHER, AcmeError.ofType("about:blank"));
    assertEquals(AcmeError.OTHER, AcmeError.ofType(AcmeError.NAMESPACE + "noSuchThing"));
  }

  @Test
  void aProblemDocumentFromTheServerIsTyped() {
    AcmeSession session = session(TestCertificates.ecKeyPair());
    session.start();
    AcmeException e =
        assertThrows(
            AcmeException.class,
            () -> session.onResponse(server.problem(429, "rateLimited", "too many orders")));
    assertEquals(AcmeError.RATE_LIMITED, e.error());
    assertEquals(429, e.status());
    assertInstanceOf(AcmeException.class, e);
  }
}
