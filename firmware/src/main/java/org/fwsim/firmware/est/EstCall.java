package org.fwsim.firmware.est;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.fwsim.firmware.cert.CertificatePorts;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Underlay;

/**
 * The EST exchanges of one certificate operation: each request leaves through the VDOM's egress
 * ({@code interface-select-method}, {@code source-ip}, the underlay's per-interface source
 * address), as SCEP's do, over its own TLS connection ({@link EstTls}: the JDK's TLS verifying the
 * server with {@code trust}, or TLS-SRP). Answers come back on the appliance's mailbox. The {@code
 * est_*} trace lines are fwsim's own (FortiOS documents none for EST).
 */
record EstCall(Link link, String vdom, EstServerUrl server, int sourceIp, Tls tls) {

  /** What every EST call of one appliance shares: its HTTPS client, its ports, the est trace. */
  record Link(EstHttpsClient http, CertificatePorts ports, Trace trace) {}

  /** The trust a call traces with and the TLS it speaks. */
  record Tls(EstServerTrust trust, EstTls tls) {}

  EstServerTrust trust() {
    return tls.trust();
  }

  /**
   * Sends {@code request}; the future completes on the mailbox with the server's answer, or
   * exceptionally with the egress, connection, TLS or timeout failure.
   */
  CompletableFuture<EstHttpsClient.Response> send(EstRequest request) {
    Appliance appliance = link.ports().appliance();
    Underlay underlay = link.ports().hypervisor().underlay();
    Trace trace = link.trace();
    EstTls tls = this.tls.tls();
    Executor mailbox = appliance.mailbox().completions();
    Egress out;
    try {
      out = link.ports().egress().select(vdom, server.address(), sourceIp);
    } catch (EgressException e) {
      trace.line("est_connect", "no egress to %s: %s", server.host(), e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    if (trace.on()) {
      trace.line(
          "est_connect",
          "bind to %s source %s, connect to %s:%d (%s)",
          out.interfaceName(),
          Ip4.toString(out.sourceAddress()),
          server.host(),
          server.port(),
          out.reason());
      trace.line(
          "est_send",
          "%s %s, %d bytes%s",
          request.method(),
          request.path(),
          request.body().length,
          request.headers().containsKey("Authorization") ? ", HTTP basic authentication" : "");
    }
    return link.http()
        .send(
            init -> out.connect(appliance, underlay, server.port(), init),
            server.host(),
            server.port(),
            tls.edge(),
            request)
        .handle(
            (r, error) -> {
              if (error != null) {
                throw new CompletionException(tls.explain(error));
              }
              return r;
            })
        .whenCompleteAsync(this::traceAnswer, mailbox);
  }

  private void traceAnswer(EstHttpsClient.Response r, Throwable error) {
    Trace trace = link.trace();
    EstTls tls = this.tls.tls();
    if (!trace.on()) {
      return;
    }
    if (error != null) {
      trace.line("est_recv", "no answer: %s", EstFailure.reason(error));
      return;
    }
    if (tls.srpUser() != null) {
      trace.line("est_tls", "TLS-SRP user %s authenticated, %s", tls.srpUser(), tls.serverProof());
    }
    EstServerTrust trust = this.tls.trust();
    List<X509Certificate> presented = trust.presented();
    if (!presented.isEmpty()) {
      trace.line(
          "est_tls",
          "server certificate %s %s",
          presented.get(0).getSubjectX500Principal().getName(),
          trust.bootstrapping() ? "accepted (bootstrap)" : "verified");
    }
    trace.line(
        "est_recv",
        "server returned status code %d, Content-Type %s, %d bytes%s",
        r.status(),
        r.contentType(),
        r.body().length,
        r.retryAfter() == null ? "" : ", Retry-After " + r.retryAfter());
  }
}
