package org.fwsim.firmware.cert;

import java.util.List;
import org.fwsim.firmware.cli.ArgSpec;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandRegistry;

/**
 * {@code sim acme http-port [<port>]}: the port the appliance answers ACME's HTTP-01 on, a
 * simulator setting rather than a FortiOS field. FortiOS answers on 80, which needs root on the
 * host; a lab without it, or a test CA validating elsewhere (pebble's {@code httpPort}), moves it.
 */
public final class SimAcmeCommands {

  private SimAcmeCommands() {}

  /** Registers {@code sim acme http-port}. */
  public static void register(CommandRegistry r) {
    r.describe("sim acme", "ACME client settings of the simulator.");
    r.register(
        "sim acme http-port",
        "Show or set the port HTTP-01 challenges are answered on (FortiOS: 80).",
        List.of(ArgSpec.of("port", "1 to 65535.")),
        (ctx, args) -> {
          CertificateService certificates = ctx.service(CertificateService.class);
          CommandArgs.atMost(args, 1);
          if (args.size() == 1) {
            certificates.setAcmeHttpPort(CommandArgs.number(args.get(0), 1, 65535));
          }
          return "ACME http-01 port: " + certificates.acmeHttpPort() + "\n";
        });
  }
}
