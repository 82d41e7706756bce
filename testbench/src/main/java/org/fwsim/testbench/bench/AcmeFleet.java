package org.fwsim.testbench.bench;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.fleet.DevicePlan;

/**
 * The storm's ACME side ({@code --protocol acme}): each certificate's {@code acme-domain}, the
 * fleet's "DNS" that the embedded ACME server validates HTTP-01 through (a domain names the VDOM's
 * port, whose loopback image the appliance answers on, as the fleet's underlay maps it), and the
 * entry that enrolls it. ACME enrolls from its configuration: committing the entry starts it.
 */
final class AcmeFleet {

  /**
   * The port the appliances answer HTTP-01 on: FortiOS's 80 needs root on the host, so the storm
   * moves it as pebble's tests do; the embedded server validates at the resolved endpoint.
   */
  static final int HTTP_PORT = 5002;

  /** The domains the fleet's certificates are for: {@code <devname>-<vdom>.fwsim.test}. */
  static final String ZONE = ".fwsim.test";

  private final Map<String, InetSocketAddress> names = new ConcurrentHashMap<>();

  /**
   * Refuses what an ACME storm cannot do: FortiOS's ACME keys are RSA ({@code acme-rsa-key-size}),
   * and the CA must be the embedded one, whose validation reaches the fleet.
   */
  static void check(EnrollProtocol protocol, String key, String caUrl) {
    if (protocol != EnrollProtocol.ACME2) {
      return;
    }
    if (key == null || !key.toLowerCase(Locale.ROOT).startsWith("rsa")) {
      throw new IllegalArgumentException(
          "--protocol acme needs an RSA --key (FortiOS's acme-rsa-key-size), got " + key);
    }
    if (caUrl != null) {
      throw new IllegalArgumentException(
          "--protocol acme runs against the embedded CA's ACME server only: drop --ca");
    }
  }

  /** The {@code acme-domain} of VDOM {@code vdom}'s certificate on device {@code d}. */
  static String domain(DevicePlan d, String vdom) {
    return d.devname().toLowerCase(Locale.ROOT) + "-" + vdom + ZONE;
  }

  /**
   * On the appliance's mailbox, before its entry is committed: answers HTTP-01 on {@link
   * #HTTP_PORT} and makes {@code domain} resolve to the loopback image of the VDOM's port.
   */
  void register(Firmware fw, DevicePlan d, int vdomIndex, String domain) {
    fw.certificates().setAcmeHttpPort(HTTP_PORT);
    int sim = Ip4.parse(d.ports().get(vdomIndex).ip());
    int host = fw.hypervisor().underlay().hostAddressOf(fw.appliance().id(), sim);
    names.put(domain, new InetSocketAddress(Ip4.toInetAddress(host), HTTP_PORT));
  }

  /** The ACME server's resolver: a registered domain's endpoint, else a refusal naming it. */
  Function<String, InetSocketAddress> resolver() {
    return domain -> {
      InetSocketAddress a = names.get(domain);
      if (a == null) {
        throw new IllegalArgumentException(domain + " is no domain of the fleet");
      }
      return a;
    };
  }

  /**
   * The CLI that makes {@code name} an ACME entry for {@code domain} under {@code directory}, its
   * renew window forticron's storm point ({@link EnrollmentPhase#AUTO_REGENERATE_DAYS}).
   */
  static String entry(String name, String domain, String directory, int rsaBits) {
    return "config vpn certificate local\nedit "
        + name
        + "\nset enroll-protocol acme2\nset acme-ca-url "
        + directory
        + "\nset acme-domain "
        + domain
        + "\nset acme-email admin@"
        + domain
        + "\nset acme-rsa-key-size "
        + rsaBits
        + "\nset acme-renew-window "
        + EnrollmentPhase.AUTO_REGENERATE_DAYS
        + "\nnext\nend\n";
  }
}
