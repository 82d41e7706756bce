package org.fwsim.testbench.bounds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.CaCaps;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.firmware.scep.message.RequestParties;
import org.fwsim.firmware.scep.message.ScepCsr;

/**
 * One real SCEP enrollment against a running CA, timed from the first request to the verified
 * certificate: GetCACaps, GetCACert, then a PKCSReq over POST with the firmware's own codec. The
 * key is made before the clock starts, so the time is the CA's and the wire's.
 */
final class TimedEnrollment {

  /** What one enrollment got: a serial or what went wrong, and how long it took. */
  record Result(boolean ok, String what, Duration took) {
    @Override
    public String toString() {
      return (ok ? "issued serial " : "failed: ") + what + " in " + took.toMillis() + " ms";
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TimedEnrollment() {}

  static Result run(URI url, String challenge, String commonName) {
    KeyPair key;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      key = g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      return new Result(false, e.toString(), Duration.ZERO);
    }
    long start = System.nanoTime();
    try {
      String serial = enroll(url, challenge, new X500Name("CN=" + commonName), key);
      return new Result(true, serial, Duration.ofNanos(System.nanoTime() - start));
    } catch (Exception e) {
      return new Result(false, e.toString(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static String enroll(URI url, String challenge, X500Name subject, KeyPair key)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    CaCaps caps = CaCaps.parse(new String(get(http, url, "GetCACaps").body()));
    HttpResponse<byte[]> cert = get(http, url, "GetCACert");
    CaCertificates ca =
        CaCertificates.parse(cert.headers().firstValue("Content-Type").orElse(""), cert.body());
    PkiRequests codec = new PkiRequests(Clock.systemUTC(), new SecureRandom());
    X509Certificate self = codec.selfSignedSigner(key, subject);
    OutboundRequest req =
        codec.pkcsReq(
            ScepCsr.csr(key, subject, challenge),
            new RequestParties(self, key.getPrivate(), ca, caps));
    HttpResponse<byte[]> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "?operation=PKIOperation"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-pki-message")
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.der()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IOException("PKIOperation: HTTP " + answer.statusCode());
    }
    CertRep rep = codec.decodeReply(answer.body(), req, key.getPrivate(), ca);
    if (rep.status() != PkiStatus.SUCCESS) {
      throw new IOException("CertRep " + rep.status() + " " + rep.failInfoText());
    }
    return PkiRequests.issuedFor(rep, key.getPublic()).getSerialNumber().toString(16);
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI url, String operation)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "?operation=" + operation))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(operation + ": HTTP " + r.statusCode());
    }
    return r;
  }
}
