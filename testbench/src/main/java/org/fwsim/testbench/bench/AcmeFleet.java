package org.fwsim.testbench.bench;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.dns.FleetZone;
import org.fwsim.testbench.fleet.DevicePlan;

/**
 * The storm's ACME side ({@code --protocol acme}): each certificate's {@code acme-domain}, the
 * fleet's "DNS" that the ACME server validates HTTP-01 through (a domain names the VDOM's port,
 * whose loopback image the appliance answers on, as the fleet's underlay maps it): a resolver for
 * the embedded server, a {@link FleetZone} for an external one's DNS questions; and the entry that
 * enrolls it. ACME enrolls from its configuration: committing the entry starts it.
 */
final class AcmeFleet {

  /** The domains the fleet's certificates are for: {@code <devname>-<vdom>.fwsim.test}. */
  static final String ZONE = ".fwsim.test";

  /** Where each domain's HTTP-01 is answered: its endpoint as bound when asked. */
  private final Map<String, Supplier<InetSocketAddress>> names = new ConcurrentHashMap<>();

  /** The same names for the fleet's DNS ({@code --dns-listen}), what an external server asks. */
  private final FleetZone zone = new FleetZone();

  /**
   * The port the appliances answer HTTP-01 on: FortiOS's 80 needs root on the host, so the storm
   * moves it as pebble's tests do. {@link AcmeOptions#ANY_PORT} (with the embedded server): each
   * listener binds a port the host hands out, and the server validates at the one bound.
   */
  private final int httpPort;

  AcmeFleet(int httpPort) {
    this.httpPort = httpPort;
  }

  /**
   * Refuses what an ACME storm cannot do: FortiOS's ACME keys are RSA ({@code acme-rsa-key-size});
   * an external server ({@code caUrl}) must reach the fleet through its DNS ({@code --dns-listen})
   * and be trusted ({@code --ca-trust}); the options for an external server are ACME's only.
   */
  static void check(EnrollProtocol protocol, String key, String caUrl, AcmeOptions acme) {
    if (protocol != EnrollProtocol.ACME2) {
      if (acme.givenForExternal()) {
        throw new IllegalArgumentException(
            "--dns-listen, --acme-http-port and --ca-trust are for --protocol acme only");
      }
      return;
    }
    if (key == null || !key.toLowerCase(Locale.ROOT).startsWith("rsa")) {
      throw new IllegalArgumentException(
          "--protocol acme needs an RSA --key (FortiOS's acme-rsa-key-size), got " + key);
    }
    if (caUrl == null) {
      if (acme.dnsListen() != null || acme.trust() != null) {
        throw new IllegalArgumentException(
            "--dns-listen and --ca-trust are for an external ACME server (--ca): the embedded"
                + " one resolves the fleet's domains and is trusted by itself");
      }
      return;
    }
    URI u;
    try {
      u = URI.create(caUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ca: '" + caUrl + "' is no URL", e);
    }
    if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "--protocol acme --ca takes the server's directory, https://ADDRESS:PORT/PATH (pebble:"
              + " https://127.0.0.1:14000/dir), got "
              + caUrl);
    }
    if (acme.dnsListen() == null) {
      throw new IllegalArgumentException(
          "--protocol acme --ca needs --dns-listen ADDRESS:PORT: the fleet answers the server's"
              + " DNS questions for its domains there (start pebble with -dnsserver ADDRESS:PORT)");
    }
    if (acme.trust() == null) {
      throw new IllegalArgumentException(
          "--protocol acme --ca needs --ca-trust FILE: a PEM file with the root of the server's"
              + " HTTPS certificate and the root it issues under (pebble's /roots/0)");
    }
  }

  /** The {@code acme-domain} of VDOM {@code vdom}'s certificate on device {@code d}. */
  static String domain(DevicePlan d, String vdom) {
    return d.devname().toLowerCase(Locale.ROOT) + "-" + vdom + ZONE;
  }

  /**
   * On the appliance's mailbox, before its entry is committed: answers HTTP-01 on the storm's port
   * and makes {@code domain} resolve to the loopback image of the VDOM's port.
   */
  void register(Firmware fw, DevicePlan d, int vdomIndex, String domain) {
    fw.certificates().setAcmeHttpPort(httpPort);
    int sim = Ip4.parse(d.ports().get(vdomIndex).ip());
    int host = fw.hypervisor().underlay().hostAddressOf(fw.appliance().id(), sim);
    InetSocketAddress endpoint = new InetSocketAddress(Ip4.toInetAddress(host), httpPort);
    names.put(
        domain, httpPort == AcmeOptions.ANY_PORT ? () -> bound(fw, endpoint) : () -> endpoint);
    zone.put(domain, (Inet4Address) endpoint.getAddress());
  }

  /**
   * The listener of {@code fw} at {@code endpoint}'s address as bound (any thread): bound before
   * the server is asked to validate, as the appliance publishes its answer first.
   */
  private static InetSocketAddress bound(Firmware fw, InetSocketAddress endpoint) {
    return fw.certificates().acmeHttp01Endpoints().stream()
        .filter(e -> e.getAddress().equals(endpoint.getAddress()) && e.getPort() != 0)
        .findFirst()
        .orElse(endpoint);
  }

  /**
   * What the fleet's DNS saw, for a storm whose enrollments failed against an external server: why
   * the server's validation may not have reached the appliances, in one line.
   */
  String diagnosis(AcmeOptions acme) {
    String at = acme.dnsListen().getAddress().getHostAddress() + ":" + acme.dnsListen().getPort();
    FleetZone.Questions asked = zone.questions();
    if (asked.inZone() == 0) {
      return "ACME: the fleet's DNS at "
          + at
          + " answered no question for the fleet's domains ("
          + asked.other()
          + " for other names): start pebble with -dnsserver "
          + at
          + " (and PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0)";
    }
    return "ACME: the fleet's DNS at "
        + at
        + " answered "
        + asked.inZone()
        + " questions for the fleet's domains; a validation that failed to connect needs pebble's"
        + " httpPort to be --acme-http-port "
        + httpPort;
  }

  /** The port the appliances answer HTTP-01 on. */
  int httpPort() {
    return httpPort;
  }

  /** The fleet's names as the DNS answers them. */
  FleetZone zone() {
    return zone;
  }

  /** The ACME server's resolver: a registered domain's endpoint, else a refusal naming it. */
  Function<String, InetSocketAddress> resolver() {
    return domain -> {
      Supplier<InetSocketAddress> a = names.get(domain);
      if (a == null) {
        throw new IllegalArgumentException(domain + " is no domain of the fleet");
      }
      return a.get();
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
