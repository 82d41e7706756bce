package org.fwsim.testbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.hal.Hypervisor;
import org.fwsim.testbench.fleet.FleetBooter;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.report.Progress;

/**
 * Boots the shard's appliances from the fleet template, with the CA's URL, the challenge and the
 * root VDOM's certificate name as template variables, and hands them the run's SCEP admission and
 * SCEP flow ({@code --scep-flow}).
 */
final class FleetBoot {

  private FleetBoot() {}

  static void boot(
      StormFleet fleet,
      Hypervisor hv,
      FleetTemplate template,
      ScepAdmission admission,
      Progress progress)
      throws Exception {
    FleetBooter booter =
        new FleetBooter(
            hv,
            template,
            Map.of(
                "ca_url",
                fleet.caUrl,
                "scep_password",
                fleet.challenge,
                "cert_name",
                StormFleet.certificateName("root")),
            FirmwareCommands.newRegistry());
    List<CompletableFuture<Firmware>> boots = new ArrayList<>(fleet.devices());
    long[] booted = new long[1];
    Progress.Bar bar = progress.track("boot", fleet.devices(), () -> booted[0]);
    for (int i = 0; i < fleet.devices(); i++) {
      boots.add(booter.boot(fleet.device(i)));
    }
    Firmware[] firmware = new Firmware[boots.size()];
    for (int i = 0; i < boots.size(); i++) {
      firmware[i] = fleet.await(boots.get(i));
      booted[0] = i + 1;
    }
    fleet.booted(firmware);
    progress.finish(bar);
    ScepFlow flow = fleet.settings.scepFlow();
    if (admission != ScepAdmission.UNLIMITED || flow != ScepPolicy.DEFAULTS.flow()) {
      // One admission for the whole fleet (--max-in-flight SCEP transactions at once), and the
      // SCEP flow the user asked for.
      ScepPolicy policy = ScepPolicy.DEFAULTS.withAdmission(admission).withFlow(flow);
      List<CompletableFuture<Void>> set = new ArrayList<>(firmware.length);
      for (Firmware fw : firmware) {
        set.add(fw.appliance().run(() -> fw.certificates().setPolicy(policy)));
      }
      fleet.await(CompletableFuture.allOf(set.toArray(CompletableFuture[]::new)));
    }
  }
}
