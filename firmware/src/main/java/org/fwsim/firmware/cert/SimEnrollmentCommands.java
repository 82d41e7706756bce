package org.fwsim.firmware.cert;

import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.scep.client.ScepFlow;

/**
 * The enrollment clients' simulator settings, not FortiOS fields: {@code sim scep flow
 * [fortios|rfc8894]}, which SCEP exchange this appliance runs ({@code fortios}, the default, is the
 * seeds' flow; {@code rfc8894} asks GetCACaps and follows it: POST, RenewalReq), and {@code sim
 * acme http-port [<port>]}, the port the appliance answers ACME's HTTP-01 on (FortiOS answers on
 * 80, which needs root on the host; a lab without it, or a test CA validating elsewhere, pebble's
 * {@code httpPort}, moves it).
 */
public final class SimEnrollmentCommands {

  private SimEnrollmentCommands() {}

  /** Registers {@code sim scep flow} and {@code sim acme http-port}. */
  public static void register(CommandRegistry r) {
    r.load(SimEnrollmentCommands.class, "SimEnrollmentCommands.cli");
    r.bind(
        "sim scep flow",
        (ctx, args) -> {
          CommandArgs.atMost(args, 1);
          if (args.size() == 1) {
            ScepFlow flow;
            try {
              flow = ScepFlow.of(args.get(0));
            } catch (IllegalArgumentException e) {
              throw CliException.parse(args.get(0));
            }
            certificates(ctx).setPolicy(certificates(ctx).policy().withFlow(flow));
          }
          return "SCEP flow: " + certificates(ctx).policy().flow().keyword() + "\n";
        });
    r.bind(
        "sim acme http-port",
        (ctx, args) -> {
          CommandArgs.atMost(args, 1);
          if (args.size() == 1) {
            certificates(ctx).setAcmeHttpPort(CommandArgs.number(args.get(0), 1, 65535));
          }
          return "ACME http-01 port: " + certificates(ctx).acmeHttpPort() + "\n";
        });
  }

  private static CertificateService certificates(CommandContext ctx) {
    return ctx.service(CertificateService.class);
  }
}
