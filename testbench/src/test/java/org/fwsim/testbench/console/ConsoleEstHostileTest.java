package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EST server answers a renewal with one thing wrong: each row is refused with a reason in the
 * EST trace and in the 41990 event, and {@code get vpn certificate local details} is exactly as
 * before (the current certificate and key stay).
 */
class ConsoleEstHostileTest extends ConsoleScriptTest {

  /** What the server answers and what the refusal must name. */
  record Row(
      String name, int status, String contentType, String body, String retryAfter, String names) {}

  static Stream<Arguments> table() {
    return Stream.of(
            new Row(
                "503 with Retry-After",
                503,
                "text/plain",
                "CA busy",
                "120",
                "enroll refused: HTTP 503 (CA busy), Retry-After 120"),
            new Row("401", 401, "text/plain", "who are you", null, "HTTP 401 (who are you)"),
            new Row("403", 403, "text/plain", "revoked", null, "HTTP 403 (revoked)"),
            new Row(
                "202 pending with Retry-After",
                202,
                "text/plain",
                "",
                "3600",
                "HTTP 202, Retry-After 3600"),
            new Row(
                "wrong content type",
                200,
                "text/html",
                "<html>",
                null,
                "Content-Type 'text/html', expected application/pkcs7-mime"),
            new Row(
                "malformed certs-only",
                200,
                "application/pkcs7-mime; smime-type=certs-only",
                "bm90IGEgUEtDUyM3",
                null,
                "is not base64 certs-only PKCS#7"))
        .map(r -> argumentSet(r.name(), r));
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("table")
  void theRenewalIsRefusedWithTheReasonAndTheCertificateStays(Row row) throws Exception {
    run(ConsoleEstTest.IMPORT + ConsoleEstTest.generateEst("FGT_EST", CHALLENGE));
    run("config vpn certificate local\nedit FGT_EST\nset auto-regenerate-days 7\nnext\nend\n");
    String before = run("get vpn certificate local details FGT_EST\n");
    sim().est().failEnrollments(row.status(), row.contentType(), row.body(), row.retryAfter());

    String t =
        run(
            "diagnose debug duration 0\ndiagnose debug application est -1\n"
                + "diagnose debug enable\nsim clock advance 360d\n");
    assertContainsAll(t, "est_recv: EST request is failed: ", row.names());
    t = run("execute log display\n");
    assertContainsAll(t, "logid=\"0101041990\"", "method=\"EST\"", row.names());
    assertEquals(before, run("get vpn certificate local details FGT_EST\n"));
  }
}
