package org.fwsim.firmware.cert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.CommandWork;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * The certificate commands: {@code execute vpn certificate local generate rsa|ec}, {@code execute
 * vpn certificate ca import auto}, {@code get vpn certificate local details} and {@code diagnose
 * test application forticron}, and the enrollment clients' simulator settings (not FortiOS fields)
 * {@code sim scep flow} and {@code sim acme http-port}. Stateless: every handler finds its
 * appliance's {@link CertificateService} through the session.
 */
public final class CertificateCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute vpn certificate local generate rsa", (ctx, args) -> generate(ctx, "RSA", args));
    r.bind("execute vpn certificate local generate ec", (ctx, args) -> generate(ctx, "EC", args));
    r.bind("execute vpn certificate ca import auto", CertificateCommands::importAuto);
    r.bind("get vpn certificate local details", CertificateCommands::details);
    r.bind(
        "diagnose test application forticron",
        (ctx, args) -> {
          try {
            return String.join("\n", certificates(ctx).forticron().diagnoseTest(args)) + "\n";
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ReturnCodes.INVALID);
          }
        });
    r.bind("sim scep flow", CertificateCommands::scepFlow);
    r.bind("sim acme http-port", CertificateCommands::acmeHttpPort);
  }

  /**
   * {@code sim scep flow [fortios|rfc8894]}: which SCEP exchange this appliance runs. {@code
   * fortios} (the default) is the seeds' flow; {@code rfc8894} asks GetCACaps and follows it (POST,
   * RenewalReq).
   */
  private static String scepFlow(CommandContext ctx, List<String> args) throws CliException {
    CertificateService certificates = certificates(ctx);
    CommandArgs.atMost(args, 1);
    if (args.size() == 1) {
      ScepFlow flow;
      try {
        flow = ScepFlow.of(args.get(0));
      } catch (IllegalArgumentException e) {
        throw CliException.parse(args.get(0));
      }
      certificates.setPolicy(certificates.policy().withFlow(flow));
    }
    return "SCEP flow: " + certificates.policy().flow().keyword() + "\n";
  }

  /**
   * {@code sim acme http-port [<port>]}: the port the appliance answers ACME's HTTP-01 on. FortiOS
   * answers on 80, which needs root on the host; a lab without it, or a test CA validating
   * elsewhere (pebble's {@code httpPort}), moves it.
   */
  private static String acmeHttpPort(CommandContext ctx, List<String> args) throws CliException {
    CertificateService certificates = certificates(ctx);
    CommandArgs.atMost(args, 1);
    if (args.size() == 1) {
      certificates.setAcmeHttpPort(CommandArgs.number(args.get(0), 1, 65535));
    }
    return "ACME http-01 port: " + certificates.acmeHttpPort() + "\n";
  }

  private static CertificateService certificates(CommandContext ctx) {
    return ctx.service(CertificateService.class);
  }

  /** {@code ""} and {@code null} both mean "not given" (FortiOS scripts use either). */
  public static String value(String arg) {
    return arg == null || arg.isEmpty() || arg.equals("null") ? null : arg;
  }

  private static String generate(CommandContext ctx, String algorithm, List<String> args)
      throws CliException {
    CommandArgs.between(
        args,
        12,
        14,
        "command incomplete: generate "
            + algorithm.toLowerCase(Locale.ROOT)
            + " needs name, key, subject, country, state, city, org, unit, email, SAN, SCEP URL and challenge");
    KeyType keyType = keyType(algorithm, args.get(1));
    int sourceIp = sourceIp(args.size() > 12 ? args.get(12) : null);
    String caIdentifier = args.size() > 13 ? value(args.get(13)) : null;
    String url = value(args.get(10));
    if (url == null) {
      // INFERENCE: offline CSR generation (no URL) is FortiOS's other mode; fwsim only enrolls
      // online.
      throw new CliException(
          "SCEP URL missing: fwsim generates certificates online through SCEP only",
          ReturnCodes.INVALID);
    }
    ScepUrl scepUrl;
    try {
      scepUrl = ScepUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("scep-url", scepUrl.toString());
    putIfSet(settings, "scep-password", value(args.get(11)));
    putIfSet(settings, "ca-identifier", caIdentifier);
    if (sourceIp != Ip4.ANY) {
      settings.put("source-ip", Ip4.toString(sourceIp));
    }
    return generate(
        ctx, args.get(0), keyType, subject(args), EnrollProtocol.SCEP, settings, Map.of(), url);
  }

  /**
   * Starts the enrollment of a new entry over {@code protocol} and returns at once; the outcome is
   * printed when it comes. Shared by every protocol's {@code generate} command; {@code secrets} are
   * {@link GenerateRequest#secrets()}, for the first enrollment only.
   */
  public static String generate(
      CommandContext ctx,
      String name,
      KeyType keyType,
      X500Name subject,
      EnrollProtocol protocol,
      Map<String, String> settings,
      Map<String, String> secrets,
      String server)
      throws CliException {
    CommandWork work = ctx.service(CommandWork.class);
    GenerateRequest request;
    try {
      request =
          new GenerateRequest(
              ctx.vdomOrManagement(), name, keyType, subject, protocol, settings, secrets);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.INVALID);
    }
    try {
      work.track(
          certificates(ctx)
              .generate(request)
              .thenAccept(o -> work.print(outcomeLine(protocol, o))));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    // INFERENCE: FortiOS returns at once and enrolls in the background; the line is fwsim's.
    return "Certificate "
        + name
        + ": enrolling with "
        + protocol.name()
        + " server "
        + server
        + "\n";
  }

  /** The key of {@code algorithm} (RSA, EC) named by {@code sizeOrCurve}, or the CLI's refusal. */
  public static KeyType keyType(String algorithm, String sizeOrCurve) throws CliException {
    try {
      return KeyType.parse(algorithm, sizeOrCurve);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.INVALID);
    }
  }

  /** A source IP argument: {@link Ip4#ANY} when not given ({@link #value}), else checked. */
  public static int sourceIp(String arg) throws CliException {
    String text = value(arg);
    if (text == null) {
      return Ip4.ANY;
    }
    try {
      return Ip4.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid source IP '" + text + "'", ReturnCodes.INVALID);
    }
  }

  public static void putIfSet(Map<String, String> settings, String field, String value) {
    if (value != null) {
      settings.put(field, value);
    }
  }

  static String outcomeLine(EnrollProtocol protocol, ScepOutcome o) {
    if (o.issued()) {
      var cert = o.installed().certificate();
      return "Certificate "
          + o.certificate()
          + ": enrolled, serial "
          + CertificateDetails.serial(cert)
          + ", valid to "
          + CertificateDetails.date(cert.getNotAfter().toInstant());
    }
    return "Certificate "
        + o.certificate()
        + ": "
        + protocol.name()
        + " enrollment failed: "
        + o.reason();
  }

  /** C, ST, L, O, OU (one per comma-separated unit), CN, emailAddress; empty parts are left out. */
  public static X500Name subject(List<String> args) throws CliException {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    add(b, BCStyle.C, value(args.get(3)));
    add(b, BCStyle.ST, value(args.get(4)));
    add(b, BCStyle.L, value(args.get(5)));
    add(b, BCStyle.O, value(args.get(6)));
    String units = value(args.get(7));
    if (units != null) {
      for (String u : units.split(",")) {
        add(b, BCStyle.OU, value(u.strip()));
      }
    }
    String cn = value(args.get(2));
    if (cn == null) {
      throw new CliException(
          "a subject (host IP, domain name or e-mail) is required", ReturnCodes.INVALID);
    }
    add(b, BCStyle.CN, cn);
    add(b, BCStyle.EmailAddress, value(args.get(8)));
    String country = value(args.get(3));
    if (country != null && country.length() != 2) {
      throw new CliException(
          "country name must be a 2-letter code, got '" + country + "'", ReturnCodes.INVALID);
    }
    return b.build();
  }

  private static void add(
      X500NameBuilder b, org.bouncycastle.asn1.ASN1ObjectIdentifier type, String value) {
    if (value != null) {
      b.addRDN(type, value);
    }
  }

  private static String importAuto(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.between(args, 1, 4, "command incomplete: the CA server's URL is required");
    String caIdentifier = args.size() > 1 ? value(args.get(1)) : null;
    String sourceIp = args.size() > 2 ? value(args.get(2)) : null;
    String fingerprint = args.size() > 3 ? value(args.get(3)) : null;
    CommandWork work = ctx.service(CommandWork.class);
    try {
      work.track(
          certificates(ctx)
              .importCa(ctx.vdomOrManagement(), args.get(0), caIdentifier, sourceIp, fingerprint)
              .thenAccept(work::print));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    return "";
  }

  private static String details(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.atMost(args, 1);
    CertificateService certs = certificates(ctx);
    String vdom = ctx.vdomOrManagement();
    VdomConfig vc = ctx.tree().view().vdom(vdom).orElseThrow();
    List<CertificateLocalConfig> shown = new ArrayList<>();
    for (CertificateLocalConfig lc : vc.localCertificates()) {
      if (args.isEmpty() || lc.name().equals(args.get(0))) {
        shown.add(lc);
      }
    }
    if (shown.isEmpty() && !args.isEmpty()) {
      throw new CliException("entry not found in datasource", ReturnCodes.NOT_FOUND);
    }
    StringBuilder out = new StringBuilder();
    for (CertificateLocalConfig lc : shown) {
      CertificateDetails.print(
          out, lc, certs.store(vdom, lc.range()).snapshot().findLocal(lc.name()).orElse(null));
    }
    return out.toString();
  }
}
