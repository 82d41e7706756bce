package org.fwsim.firmware.acme;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.lang.Require;

/**
 * Runs {@link AcmeSession}s for one appliance: every step on the appliance's mailbox, each
 * enrollment's requests on one {@link AcmeTransport} conversation out of the chosen egress (one
 * kept-alive connection while the server allows it, closed when the enrollment ends), the HTTP-01
 * answer published on the {@link AcmeChallengeResponder} before the server is told to validate and
 * withdrawn when the enrollment ends, however it ends.
 *
 * <p>Polls wait in real time on an event loop, holding an IO token of the simulation's {@link
 * Activity}: the ACME server validates in real time whatever the virtual clock does, so
 * fast-forward must not skip the wait (it would poll a real server in a tight loop).
 *
 * <p>Trace lines ({@code diagnose debug application acme}) are fwsim's own wording: the reference
 * has no FortiOS ACME debug sample.
 */
public final class AcmeClient {

  /** What the client needs from its appliance, wired explicitly. */
  public record Context(
      Executor mailbox,
      java.time.InstantSource clock,
      Activity activity,
      EventLoopGroup timers,
      AcmeTransport transport,
      AcmeChallengeResponder responder,
      Trace trace,
      int maxPolls) {
    /** The ports an enrollment reaches only later, checked at once. */
    public Context {
      Require.nonNull("transport, responder, timers", transport, responder, timers);
    }
  }

  private final Context ctx;

  public AcmeClient(Context ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /**
   * Enrolls {@code order}: connections leave through {@code egress}; the HTTP-01 answer listens at
   * each of {@code http01} (host endpoints of the appliance's interface addresses). Call on the
   * mailbox; the future completes on the mailbox, failing with {@link AcmeException} (typed
   * problem) or the transport's error.
   */
  public CompletableFuture<AcmeStep.Issued> enroll(
      AcmeOrder order, Egress egress, List<InetSocketAddress> http01) {
    Run run = new Run(new AcmeSession(order, ctx.clock(), ctx.maxPolls()), order, egress, http01);
    ctx.trace()
        .line(
            "acme_enroll",
            "domain %s, ca %s, via %s",
            order.domain(),
            order.directory(),
            egress.interfaceName());
    run.next(run.session.start());
    return run.result;
  }

  /** One enrollment in flight. */
  private final class Run {
    final AcmeSession session;
    final AcmeOrder order;
    final Egress egress;
    final List<InetSocketAddress> http01;
    final AcmeTransport.Conversation server;
    final CompletableFuture<AcmeStep.Issued> result = new CompletableFuture<>();
    String token;

    Run(AcmeSession session, AcmeOrder order, Egress egress, List<InetSocketAddress> http01) {
      this.session = session;
      this.order = order;
      this.egress = egress;
      this.http01 = http01;
      this.server = ctx.transport().open(egress);
      result.whenComplete((ok, error) -> end());
    }

    void next(AcmeStep step) {
      if (step instanceof AcmeStep.Send s) {
        send(s.request());
      } else if (step instanceof AcmeStep.Wait w) {
        ctx.trace().line("acme_poll", "%s again in %d ms", w.then().what(), w.delay().toMillis());
        ctx.activity().ioStarted();
        ctx.timers()
            .schedule(
                () -> {
                  try {
                    ctx.mailbox().execute(() -> send(w.then()));
                  } finally {
                    ctx.activity().ioFinished(); // after the follow-up is posted
                  }
                },
                w.delay().toMillis(),
                TimeUnit.MILLISECONDS);
      } else if (step instanceof AcmeStep.Answer a) {
        token = a.token();
        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (InetSocketAddress at : http01) {
          ctx.trace()
              .line(
                  "acme_http01",
                  "answering token %s on %s:%d",
                  a.token(),
                  at.getAddress().getHostAddress(),
                  at.getPort());
          published.add(ctx.responder().publish(at, a.token(), a.keyAuthorization()));
        }
        CompletableFuture.allOf(published.toArray(new CompletableFuture<?>[0]))
            .whenCompleteAsync(
                (ok, error) -> {
                  if (error != null) {
                    fail(error);
                  } else {
                    send(a.then());
                  }
                },
                ctx.mailbox());
      } else {
        AcmeStep.Issued issued = (AcmeStep.Issued) step;
        ctx.trace()
            .line(
                "acme_done",
                "issued serial %s, expires %s",
                issued.leaf().getSerialNumber().toString(16),
                issued.leaf().getNotAfter().toInstant());
        result.complete(issued);
      }
    }

    void send(AcmeRequest request) {
      if (result.isDone()) {
        return;
      }
      ctx.trace().line("acme_send", "%s", request);
      CompletableFuture<AcmeResponse> sent;
      try {
        sent = server.send(request);
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      sent.whenCompleteAsync(
          (response, error) -> {
            if (error != null) {
              fail(error);
              return;
            }
            ctx.trace().line("acme_recv", "%s: HTTP %d", request.what(), response.status());
            try {
              next(session.onResponse(response));
            } catch (AcmeException e) {
              fail(e);
            } catch (RuntimeException e) {
              fail(e);
            }
          },
          ctx.mailbox());
    }

    void fail(Throwable error) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      ctx.trace().line("acme_fail", "%s: %s", order.domain(), cause.getMessage());
      result.completeExceptionally(cause);
    }

    /** Closes the connection and withdraws the HTTP-01 answer. */
    void end() {
      server.close();
      if (token != null) {
        http01.forEach(at -> ctx.responder().withdraw(at, token));
      }
    }
  }
}
