package org.fwsim.firmware.cert;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fwsim.firmware.scep.client.ScepClient;
import org.fwsim.firmware.scep.client.ScepContext;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.UnderlayScepConnector;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.vdom.Vdom;

/** The SCEP clients of one appliance, one per VDOM, made on first use. Mailbox only. */
final class ScepClients {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CertificatePorts ports;
  private Map<String, ScepClient> clients;
  private PkiRequests codec;
  private ScepPolicy policy = ScepPolicy.DEFAULTS;

  ScepClients(CertificatePorts ports) {
    this.ports = ports;
  }

  ScepPolicy policy() {
    return policy;
  }

  /** Timing of SCEP transactions started from now on (new clients only). */
  void setPolicy(ScepPolicy newPolicy) {
    this.policy = Objects.requireNonNull(newPolicy, "policy");
    clients = null; // idle clients are cheap to recreate; running ones finish with the old policy
  }

  /**
   * Where the SCEP transaction of a certificate of {@code vdom} (either range) is, empty when none
   * runs; makes no client.
   */
  Optional<String> describe(String vdom, String certificate) {
    ScepClient c = clients == null ? null : clients.get(vdom);
    return c == null
        ? Optional.empty()
        : c.describe(certificate, false).or(() -> c.describe(certificate, true));
  }

  /**
   * The SCEP client of a VDOM, made on first use.
   *
   * @throws IllegalStateException when the VDOM does not exist
   */
  ScepClient client(String vdom) {
    ScepClient c = clients == null ? null : clients.get(vdom);
    if (c != null) {
      return c;
    }
    Hypervisor hv = ports.hypervisor();
    Appliance a = ports.appliance();
    Vdom v = a.vdoms().find(vdom).orElseThrow(() -> new IllegalStateException("no VDOM " + vdom));
    if (codec == null) {
      codec = new PkiRequests(a.clock(), RANDOM);
    }
    ScepContext ctx =
        new ScepContext(
            a.mailbox().completions(),
            a.clock(),
            hv.scheduler(),
            ports.debug(),
            ports.eventLog(),
            v.name(),
            v.vfid(),
            v.certStore(),
            a.globalCerts(),
            hv.keys(),
            codec,
            ports.egress(),
            new ScepHttpClient(new UnderlayScepConnector(hv.underlay(), a)),
            policy);
    c = new ScepClient(ctx);
    c.logRenewals(false); // forticron starts every renewal here and logs its outcome
    if (clients == null) {
      clients = new HashMap<>(4);
    }
    clients.put(vdom, c);
    return c;
  }
}
