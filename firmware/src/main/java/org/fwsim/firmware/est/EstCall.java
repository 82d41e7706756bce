package org.fwsim.firmware.est;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.egress.EgressSelector;
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
final class EstCall {

  private final EstHttpsClient http;
  private final Appliance appliance;
  private final Underlay underlay;
  private final EgressSelector egress;
  private final Trace trace;
  private final String vdom;
  private final EstServerUrl server;
  private final int sourceIp;
  private final EstServerTrust trust;
  private final EstTls tls;

  EstCall(
      EstHttpsClient http,
      Appliance appliance,
      Underlay underlay,
      EgressSelector egress,
      Trace trace,
      String vdom,
      EstServerUrl server,
      int sourceIp,
      EstServerTrust trust,
      EstTls tls) {
    this.http = http;
    this.appliance = appliance;
    this.underlay = underlay;
    this.egress = egress;
    this.trace = trace;
    this.vdom = vdom;
    this.server = server;
    this.sourceIp = sourceIp;
    this.trust = trust;
    this.tls = tls;
  }

  EstServerTrust trust() {
    return trust;
  }

  /**
   * Sends {@code request}; the future completes on the mailbox with the server's answer, or
   * exceptionally with the egress, connection, TLS or timeout failure.
   */
  CompletableFuture<EstHttpsClient.Response> send(EstRequest request) {
    Executor mailbox = appliance.mailbox().completions();
    Egress out;
    try {
      out = egress.select(vdom, server.address(), sourceIp);
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
    return http.send(
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
