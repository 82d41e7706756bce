package org.fwsim.firmware.cmp;

import java.security.KeyPair;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.egress.EgressSelector;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyPool;

/**
 * The CMPv2 client of one appliance: picks the egress for the server's address (the same {@code
 * interface-select-method} and {@code source-ip} rules as SCEP), takes a new key, and runs one
 * {@link CmpTransaction}. Mailbox only; each call's future completes on the mailbox and never
 * exceptionally.
 */
public final class CmpClient {

  /** Runs a task on the mailbox after a delay on the appliance's clock (a CA's checkAfter). */
  @FunctionalInterface
  public interface Later {
    void after(Duration delay, Runnable task);
  }

  /** Time allowed for each HTTP exchange (real time: it guards real socket IO). */
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final EgressSelector egress;
  private final KeyPool keys;
  private final CmpContext context;

  public CmpClient(
      Executor mailbox,
      Later later,
      InstantSource clock,
      EgressSelector egress,
      KeyPool keys,
      CmpTransport transport,
      Trace trace) {
    this.egress = Objects.requireNonNull(egress, "egress");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.context =
        new CmpContext(
            Objects.requireNonNull(mailbox, "mailbox"),
            Objects.requireNonNull(later, "later"),
            clock,
            Objects.requireNonNull(transport, "transport"),
            new CmpTrace(Objects.requireNonNull(trace, "trace")),
            new CmpRequests(Objects.requireNonNull(clock, "clock")),
            STEP_TIMEOUT);
  }

  /** Runs {@code e}; the certificate in force stays untouched, whatever the result. */
  public CompletableFuture<CmpResult> run(CmpEnrollment e) {
    int destination;
    try {
      destination = Ip4.parse(e.server().host());
    } catch (IllegalArgumentException bad) {
      return failed(
          CmpResult.Kind.CONFIGURATION,
          "cmp-server " + e.server().host() + " is not an IPv4 address (fwsim resolves no names)");
    }
    Egress out;
    try {
      out = egress.select(e.vdom(), destination, e.sourceIp());
    } catch (EgressException ex) {
      return failed(CmpResult.Kind.EGRESS, ex.getMessage());
    }
    KeyPair key = keys.take(e.keyType());
    return new CmpTransaction(context, e, out, key).start();
  }

  private CompletableFuture<CmpResult> failed(CmpResult.Kind kind, String reason) {
    context.trace().failed(reason);
    return CompletableFuture.completedFuture(new CmpResult.Failed(null, kind, null, reason));
  }
}
