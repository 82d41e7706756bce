package org.fwsim.firmware.cert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepClient;
import org.fwsim.firmware.scep.client.ScepEnrollment;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.hal.net.Ip4;

/**
 * {@code execute vpn certificate local generate}: the entry is created in the configuration, then
 * enrolled online, and the outcome written back; {@link EnrollmentListener}s hear the start and the
 * typed outcome. Mailbox only.
 */
final class Enrollment {

  private final CertificatePorts ports;
  private final ScepClients clients;
  private final StoreSync sync;
  private final List<EnrollmentListener> listeners = new ArrayList<>(1);

  Enrollment(CertificatePorts ports, ScepClients clients, StoreSync sync) {
    this.ports = ports;
    this.clients = clients;
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
   * PENDING, SCEP settings set so forticron can renew) and enrolls online. The future completes on
   * the mailbox once the outcome is written to the configuration; it never completes exceptionally.
   *
   * @throws IllegalArgumentException when the entry already exists or a value is refused (nothing
   *     changed)
   */
  CompletableFuture<ScepOutcome> generate(GenerateRequest request) {
    String vdom = request.vdom();
    ScepClient client = clients.client(vdom);
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
    sets.put("enroll-protocol", "scep");
    sets.put("scep-url", request.scepUrl().toString());
    if (request.challenge() != null) {
      sets.put("scep-password", request.challenge());
    }
    if (request.caIdentifier() != null) {
      sets.put("ca-identifier", request.caIdentifier());
    }
    if (request.sourceIp() != Ip4.ANY) {
      sets.put("source-ip", Ip4.toString(request.sourceIp()));
    }
    tree.createEntry(vdom, StoreSync.LOCAL_TABLE, request.name(), sets);
    tree.updateEntry(vdom, StoreSync.LOCAL_TABLE, request.name(), Map.of("state", "PENDING"));
    CertificateLocalConfig lc = ports.localConfig(vdom, request.name()).orElseThrow();
    boolean global = !"vdom".equals(lc.range());
    ScepEnrollment enrollment =
        new ScepEnrollment(
            request.name(),
            request.scepUrl(),
            request.challenge(),
            request.caIdentifier(),
            request.subject(),
            request.keyType(),
            lc.privateKeyRetain(),
            global,
            request.sourceIp());
    CompletableFuture<ScepOutcome> done = new CompletableFuture<>();
    for (EnrollmentListener l : List.copyOf(listeners)) {
      l.started(vdom, request.name());
    }
    client
        .enroll(enrollment)
        .whenComplete(
            (outcome, error) -> {
              ScepOutcome o = written(vdom, request.name(), outcome(request, outcome, error));
              for (EnrollmentListener l : List.copyOf(listeners)) {
                l.ended(vdom, o);
              }
              done.complete(o);
            });
    return done;
  }

  private static ScepOutcome outcome(GenerateRequest request, ScepOutcome outcome, Throwable e) {
    return outcome != null
        ? outcome
        : new ScepOutcome(
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

  /** Writes the outcome to the entry; an issued certificate that cannot be saved is a failure. */
  private ScepOutcome written(String vdom, String name, ScepOutcome o) {
    try {
      if (o.issued()) {
        sync.persist(vdom, name, o.installed());
      } else {
        sync.setState(vdom, name, "FAILED");
      }
      return o;
    } catch (RuntimeException e) {
      return new ScepOutcome(
          o.certificate(),
          ScepOutcome.Status.FAILED,
          o.renewal(),
          o.messageType(),
          o.transactionId(),
          o.failInfo(),
          "issued, but not saved to the configuration: " + e.getMessage(),
          null,
          o.polls(),
          FailureKind.INTERNAL);
    }
  }
}
