package org.fwsim.firmware.cmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.cert.CertificateCommands;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * {@code execute vpn certificate local generate cmp <name> <keysize> <server> <path> <srvcert>
 * <authcert> <user> <password>} (fortios.md §4.1, FortiOS 6.0's help). The help found stops at the
 * password; INFERENCE: the subject follows as in {@code generate rsa} (subject, country, state,
 * city, org, unit, email), then the source IP; without a subject the request names {@code
 * CN=<name>}.
 */
public final class CmpCommands implements CommandFeature {

  private static final int FIXED = 8;

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute vpn certificate local generate cmp", CmpCommands::generate);
  }

  private static String generate(CommandContext ctx, List<String> args) throws CliException {
    if (args.size() < FIXED) {
      throw new CliException(
          "command incomplete: generate cmp needs name, key size, server, path, srvcert, authcert,"
              + " user and password",
          ReturnCodes.INVALID);
    }
    if (args.size() > FIXED + 8) {
      throw new CliException(
          "command parse error before '" + args.get(FIXED + 8) + "'", ReturnCodes.INVALID);
    }
    KeyType keyType;
    try {
      keyType = KeyType.parse("RSA", args.get(1));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.INVALID);
    }
    String server = CertificateCommands.value(args.get(2));
    String path = CertificateCommands.value(args.get(3));
    CmpServer parsed;
    try {
      parsed = CmpServer.parse(server, path);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("cmp-server", parsed.hostPort());
    settings.put("cmp-path", path == null ? "" : path);
    put(settings, "cmp-server-cert", args.get(4));
    if (args.size() > FIXED + 7) {
      put(settings, "source-ip", sourceIp(args.get(FIXED + 7)));
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    put(secrets, CmpProtocol.AUTH_CERT, args.get(5));
    put(secrets, CmpProtocol.USER, args.get(6));
    put(secrets, CmpProtocol.PASSWORD, args.get(7));
    return CertificateCommands.generate(
        ctx,
        args.get(0),
        keyType,
        subject(args),
        EnrollProtocol.CMPV2,
        settings,
        secrets,
        parsed.toString());
  }

  /** The subject from the optional fields, in {@code generate rsa}'s positions; CN=name without. */
  private static X500Name subject(List<String> args) throws CliException {
    List<String> rsaShaped = new ArrayList<>(List.of(args.get(0), args.get(1)));
    for (int i = 0; i < 7; i++) {
      int at = FIXED + i;
      rsaShaped.add(at < args.size() ? args.get(at) : "");
    }
    if (CertificateCommands.value(rsaShaped.get(2)) == null) {
      rsaShaped.set(2, args.get(0));
    }
    return CertificateCommands.subject(rsaShaped);
  }

  private static String sourceIp(String text) throws CliException {
    String v = CertificateCommands.value(text);
    if (v == null) {
      return null;
    }
    try {
      return Ip4.toString(Ip4.parse(v));
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid source IP '" + v + "'", ReturnCodes.INVALID);
    }
  }

  private static void put(Map<String, String> m, String key, String arg) {
    String v = CertificateCommands.value(arg);
    if (v != null) {
      m.put(key, v);
    }
  }
}
