package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.ca.EstCaCertificates;
import org.fwsim.testbench.ca.EstServer;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.cli.ChallengeOptions;
import org.fwsim.testbench.dns.FleetDnsServer;

/**
 * The storm's CA: the embedded one on the simulated underlay (at a FortiAuthenticator-like address,
 * with a random challenge unless {@code --challenge} gives one), or an external server on loopback
 * ({@code --ca}) that the underlay maps through, with what an external ACME server needs besides:
 * the fleet's DNS and the certificates that make it trusted.
 */
final class CaSetup {

  private static final String EMBEDDED_ADDRESS = "10.5.149.111";
  private static final String EMBEDDED_URL = "http://" + EMBEDDED_ADDRESS + "/app/cert/scep/";

  /** The embedded CA's EST server, at the same address on HTTPS's port. */
  private static final String EMBEDDED_EST_URL = "https://" + EMBEDDED_ADDRESS;

  /** The embedded CA's CMP server (RFC 6712), beside SCEP on the same port. */
  private static final String EMBEDDED_CMP_URL = "http://" + EMBEDDED_ADDRESS + "/pkix/";

  private CaSetup() {}

  /**
   * The URL of the protocol's server every certificate uses: {@code --ca}, or the embedded CA's.
   */
  static String url(StormSettings settings) {
    if (settings.caUrl() != null) {
      return settings.caUrl();
    }
    return switch (settings.protocol()) {
      case EST -> EMBEDDED_EST_URL;
      case ACME2 -> EMBEDDED_EST_URL + "/acme/directory";
      case CMPV2 -> EMBEDDED_CMP_URL;
      default -> EMBEDDED_URL;
    };
  }

  /** {@code --challenge}; else a random one for the embedded CA, none ("") for an external one. */
  static String challenge(StormSettings settings) {
    if (settings.challenge() != null) {
      return settings.challenge();
    }
    return settings.caUrl() == null ? randomChallenge() : "";
  }

  /** {@code --ca} given a description of it, for the report's parameters. */
  static String describe(StormSettings settings) {
    return settings.caUrl() == null ? "embedded " + url(settings) : settings.caUrl();
  }

  /**
   * Starts the embedded CA on the underlay and returns it (the caller closes it), or maps the
   * external CA and returns null.
   */
  static ScepCa start(
      StormFleet fleet, Hypervisor hv, SimClock clock, MeterRegistry registry, int cores) {
    if (fleet.settings.caUrl() != null) {
      mapExternal(hv, fleet.caUrl);
      fleet.out.println("External CA: " + fleet.caUrl);
      return null;
    }
    ScepCa ca = startEmbedded(fleet, hv, clock, registry, cores);
    fleet.out.println("Embedded CA: " + fleet.caUrl + credentials(fleet.settings, fleet.challenge));
    return ca;
  }

  /**
   * Starts an embedded SCEP CA for {@code fleet}'s certificates (its challenge, a queue for all of
   * them) on {@code hv}'s underlay at {@link #embeddedScepUrl()}, dating certificates by {@code
   * clock}; the caller closes it. Says nothing.
   */
  static ScepCa startEmbedded(
      StormFleet fleet, Hypervisor hv, SimClock clock, MeterRegistry registry, int cores) {
    ScepCa ca =
        ScepCa.builder()
            .clock(clock)
            .meterRegistry(registry)
            .challenge(fleet.challenge)
            .workers(cores)
            .queueCapacity((int) Math.min(1 << 20, fleet.certificates * 2L + 256))
            .accessLogCapacity(1024)
            .build();
    ca.start(hv.underlay(), Ip4.parse(EMBEDDED_ADDRESS), 80);
    return ca;
  }

  /** The embedded CA's SCEP URL on the simulated underlay. */
  static String embeddedScepUrl() {
    return EMBEDDED_URL;
  }

  /**
   * What the protocol's clients authenticate with, as the embedded CA's line shows it after the
   * URL: SCEP's challenge, EST's HTTP basic user and password, CMP's MAC secret (all the CA's
   * challenge), nothing for ACME (its account key is made by each appliance). A challenge the user
   * gave is masked; a random one is shown, as the only way to learn it.
   */
  static String credentials(StormSettings settings, String challenge) {
    String shown = settings.challenge() != null ? ChallengeOptions.MASK : challenge;
    return switch (settings.protocol()) {
      case EST -> " user " + EstServer.USER + " password " + shown;
      case CMPV2 -> " MAC secret " + shown;
      case ACME2 -> "";
      default -> " challenge " + shown;
    };
  }

  /**
   * With {@code --protocol est} or {@code acme}: the embedded CA's EST and ACME server, mapped at
   * {@code https://10.5.149.111} (the caller closes it), or nothing for an external one; either way
   * the CA certificates the appliances verify the server with go to {@link StormFleet#caPem}.
   */
  static EstServer startEst(StormFleet fleet, Hypervisor hv, ScepCa ca) throws IOException {
    boolean acme = fleet.settings.protocol() == EnrollProtocol.ACME2;
    if (fleet.settings.protocol() != EnrollProtocol.EST && !acme) {
      return null;
    }
    if (ca == null && acme) {
      fleet.caPem = trusted(fleet.settings.acme().trust());
      fleet.out.println(
          "External ACME server's CAs: "
              + (fleet.caPem.split("-----BEGIN CERTIFICATE-----", -1).length - 1)
              + " certificate(s) from --ca-trust "
              + fleet.settings.acme().trust());
      return null;
    }
    if (ca == null) {
      List<X509Certificate> cas = EstCaCertificates.fetch(fleet.caUrl, Duration.ofSeconds(30));
      fleet.caPem = PemCodec.certificates(cas);
      fleet.out.println(
          "External EST server's CA: "
              + cas.get(0).getSubjectX500Principal().getName()
              + " (not verified: fetched from /cacerts as given by --ca)");
      return null;
    }
    EstServer est =
        EstServer.start(
            ca,
            new InetSocketAddress("127.0.0.1", 0),
            List.of(EMBEDDED_ADDRESS),
            fleet.acme.resolver());
    hv.underlay().map(new InetSocketAddress(EMBEDDED_ADDRESS, 443), est.address());
    fleet.caPem = PemCodec.certificates(List.of(ca.material().rootCert()));
    fleet.out.println(
        acme
            ? "Embedded ACME: " + url(fleet.settings)
            : "Embedded EST: " + EMBEDDED_EST_URL + " user " + EstServer.USER);
    return est;
  }

  /**
   * With an external ACME server: the fleet's DNS at {@code --dns-listen}, answering its domains
   * (registered as each certificate's entry is made); null otherwise. The caller closes it.
   */
  static FleetDnsServer startDns(StormFleet fleet) throws IOException {
    InetSocketAddress listen = fleet.settings.acme().dnsListen();
    if (fleet.settings.protocol() != EnrollProtocol.ACME2 || listen == null) {
      return null;
    }
    FleetDnsServer dns = FleetDnsServer.start(listen, fleet.acme.zone());
    fleet.out.println(
        "Fleet DNS: udp "
            + dns.address().getAddress().getHostAddress()
            + ":"
            + dns.address().getPort()
            + " answers the fleet's domains (*"
            + AcmeFleet.ZONE
            + ", HTTP-01 on port "
            + fleet.acme.httpPort()
            + "): the ACME server's -dnsserver");
    return dns;
  }

  /**
   * The CA certificates of {@code --ca-trust}, as PEM, each checked.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  static String trusted(Path file) throws IOException {
    String what = "--ca-trust " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IOException(what + ": cannot read it: " + e.getMessage(), e);
    }
    try {
      return PemCodec.certificates(PemCodec.parseCertificates(text, what));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void mapExternal(Hypervisor hv, String url) {
    URI u = URI.create(url);
    int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    InetSocketAddress target = new InetSocketAddress(u.getHost(), port);
    if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--ca: " + url + " is not on loopback (127.0.0.0/8 or ::1)");
    }
    hv.underlay().map(target, target);
  }

  /** A challenge password no one can guess, for an embedded CA the user gave none. */
  static String randomChallenge() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "fwsim-" + HexFormat.of().formatHex(b);
  }
}
