package org.fwsim.firmware.est;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.cert.CertificateCommands;
import org.fwsim.firmware.cert.CertificateService;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.CommandWork;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * The EST commands: {@code execute vpn certificate local generate est} and {@code execute vpn
 * certificate ca import est}.
 *
 * <p>fortios.md names only the first two arguments of {@code ca import est} (URL, CA identifier)
 * and gives its shape, four strings, an IP and four strings (§4.2); it is silent on {@code generate
 * est}. The orders below are fwsim's choice: {@code generate est} keeps {@code generate rsa}'s
 * first ten positions and then the entry's {@code est-*} fields in the order a FortiOS user sets
 * them; {@code ca import est} follows {@code ca import auto} (URL, CA identifier) and fills the
 * shape with the credentials, the source IP in the IP position.
 */
public final class EstCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute vpn certificate local generate est", EstCommands::generate);
    r.bind("execute vpn certificate ca import est", EstCommands::importCa);
  }

  private static String generate(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.between(
        args,
        11,
        19,
        "command incomplete: generate est needs name, key, subject, country, state, city, org,"
            + " unit, email, SAN and the EST server's URL");
    String key = args.get(1);
    KeyType keyType =
        CertificateCommands.keyType(key.chars().allMatch(Character::isDigit) ? "RSA" : "EC", key);
    String url = CertificateCommands.value(args.get(10));
    if (url == null) {
      throw new CliException("EST server URL missing", ReturnCodes.INVALID);
    }
    try {
      EstServerUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("est-server", url);
    String[] fields = {
      "est-ca-id", "est-http-username", "est-http-password", "est-client-cert", "est-server-cert"
    };
    for (int i = 0; i < fields.length && 11 + i < args.size(); i++) {
      CertificateCommands.putIfSet(
          settings, fields[i], CertificateCommands.value(args.get(11 + i)));
    }
    int source = CertificateCommands.sourceIp(args.size() > 16 ? args.get(16) : null);
    if (source != Ip4.ANY) {
      settings.put("source-ip", Ip4.toString(source));
    }
    CertificateCommands.putIfSet(settings, "est-srp-username", arg(args, 17));
    CertificateCommands.putIfSet(settings, "est-srp-password", arg(args, 18));
    return CertificateCommands.generate(
        ctx,
        args.get(0),
        keyType,
        CertificateCommands.subject(args),
        EnrollProtocol.EST,
        settings,
        Map.of(),
        url);
  }

  private static String importCa(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.between(args, 1, 9, "command incomplete: the EST server's URL is required");
    EstProtocol.CaImportRequest request =
        new EstProtocol.CaImportRequest(
            args.get(0),
            arg(args, 1),
            arg(args, 2),
            arg(args, 3),
            CertificateCommands.sourceIp(arg(args, 4)),
            arg(args, 5),
            arg(args, 6),
            arg(args, 7),
            arg(args, 8));
    CertificateService certs = ctx.service(CertificateService.class);
    CommandWork work = ctx.service(CommandWork.class);
    try {
      EstProtocol est = (EstProtocol) certs.protocol(EnrollProtocol.EST);
      work.track(est.importCa(ctx.vdomOrManagement(), request).thenAccept(work::print));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    return "";
  }

  private static String arg(List<String> args, int i) {
    return args.size() > i ? CertificateCommands.value(args.get(i)) : null;
  }
}
