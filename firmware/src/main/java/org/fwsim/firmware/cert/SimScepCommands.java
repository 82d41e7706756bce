package org.fwsim.firmware.cert;

import java.util.List;
import org.fwsim.firmware.cli.ArgSpec;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.scep.client.ScepFlow;

/**
 * {@code sim scep flow [fortios|rfc8894]}: which SCEP exchange this appliance runs, a simulator
 * setting rather than a FortiOS field. {@code fortios} (the default) is the seeds' flow; {@code
 * rfc8894} asks GetCACaps and follows it (POST, RenewalReq).
 */
public final class SimScepCommands {

  private SimScepCommands() {}

  /** Registers {@code sim scep flow}. */
  public static void register(CommandRegistry r) {
    r.describe("sim scep", "SCEP client settings of the simulator.");
    r.register(
        "sim scep flow",
        "Show or set the SCEP exchange: fortios (GetCACert, GET, PKCSReq renewal) or rfc8894.",
        List.of(ArgSpec.of("flow", "fortios or rfc8894.", "fortios", "rfc8894")),
        (ctx, args) -> {
          CertificateService certificates = ctx.service(CertificateService.class);
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
        });
  }
}
