package org.fwsim.firmware.cert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepOutcome;

/**
 * {@code execute vpn certificate local generate}: the entry is created in the configuration with
 * its protocol's settings, then enrolled online by that {@link EnrollmentProtocol}, and a failure
 * written back as its state; {@link EnrollmentListener}s hear the start and the typed outcome.
 * Mailbox only.
 */
final class Enrollment {

  private static final System.Logger LOG = System.getLogger(Enrollment.class.getName());

  private final CertificatePorts ports;
  private final EnrollmentProtocols protocols;
  private final StoreSync sync;
  private final List<EnrollmentListener> listeners = new ArrayList<>(1);

  Enrollment(CertificatePorts ports, EnrollmentProtocols protocols, StoreSync sync) {
    this.ports = ports;
    this.protocols = protocols;
    this.sync = sync;
  }

  void addListener(EnrollmentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(EnrollmentListener listener) {
    listeners.remove(listener);
  }

  /**
   * Creates the entry in {@code request.vdom()}'s {@code config vpn certificate local} (state
   * PENDING, the protocol's settings set so forticron can renew) and enrolls online. The future
   * completes on the mailbox once the outcome is written to the configuration; it never completes
   * exceptionally, and it completes even when writing the state or a listener fails (the fault is
   * logged).
   *
   * @throws IllegalArgumentException when the entry already exists or a value is refused (nothing
   *     changed)
   * @throws IllegalStateException when fwsim has no implementation of the protocol
   */
  CompletableFuture<ScepOutcome> generate(GenerateRequest request) {
    String vdom = request.vdom();
    EnrollmentProtocol protocol = protocols.get(request.protocol());
    ConfigTree tree = ports.tree();
    VdomConfig vc =
        tree.view().vdom(vdom).orElseThrow(() -> new IllegalArgumentException("no VDOM " + vdom));
    if (vc.localCertificates().stream().anyMatch(c -> c.name().equals(request.name()))) {
      throw new IllegalArgumentException(
          "local certificate "
              + request.name()
              + " already exists; delete it first or let auto-regenerate renew it");
    }
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("password", StoreSync.randomPassword());
    sets.put("enroll-protocol", request.protocol().cli());
    sets.putAll(request.settings());
    tree.createEntry(vdom, StoreSync.LOCAL_TABLE, request.name(), sets);
    tree.updateEntry(vdom, StoreSync.LOCAL_TABLE, request.name(), Map.of("state", "PENDING"));
    CertificateLocalConfig lc = ports.localConfig(vdom, request.name()).orElseThrow();
    CompletableFuture<ScepOutcome> done = new CompletableFuture<>();
    started(vdom, request.name());
    protocol
        .enroll(new EnrollmentProtocol.Request(request, lc))
        .whenComplete(
            (outcome, error) -> {
              ScepOutcome o = outcome != null ? outcome : crashed(request, error);
              try {
                if (!o.issued()) {
                  sync.setState(vdom, request.name(), "FAILED");
                }
              } catch (RuntimeException e) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "generate " + request.name() + ": the state FAILED could not be written",
                    e);
              } finally {
                try {
                  ended(vdom, o);
                } finally {
                  done.complete(o);
                }
              }
            });
    return done;
  }

  /** Tells the listeners an enrollment of {@code certificate} started (ACME's from its commit). */
  void started(String vdom, String certificate) {
    tell("started", certificate, l -> l.started(vdom, certificate));
  }

  /** Tells the listeners how an enrollment ended. */
  void ended(String vdom, ScepOutcome outcome) {
    tell("ended", outcome.certificate(), l -> l.ended(vdom, outcome));
  }

  /**
   * Tells each listener in isolation: one that throws is logged and never keeps the next one, or
   * the enrollment's outcome, from being told.
   */
  private void tell(String event, String certificate, Consumer<EnrollmentListener> call) {
    for (EnrollmentListener l : List.copyOf(listeners)) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "enrollment listener " + l + " failed on " + event + " of " + certificate,
            e);
      }
    }
  }

  private static ScepOutcome crashed(GenerateRequest request, Throwable e) {
    return new ScepOutcome(
        request.name(),
        ScepOutcome.Status.FAILED,
        false,
        null,
        null,
        null,
        String.valueOf(e),
        null,
        0,
        FailureKind.INTERNAL);
  }
}
