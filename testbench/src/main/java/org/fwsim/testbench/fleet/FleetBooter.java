package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;

/**
 * Boots fleet devices the way the console boots its appliance: the template expanded for the
 * device, loaded by {@link ConfigFiles#load} into a fresh tree, {@link Firmware#boot} on a new
 * appliance of the hypervisor, then the egress daemon attached. A refused template line stops the
 * run with the device and the line.
 */
public final class FleetBooter {

  private final Hypervisor hypervisor;
  private final FleetTemplate template;
  private final Map<String, String> fleetVariables;
  private final CommandRegistry commands;

  /**
   * @param fleetVariables the fleet's own variables ({@code ca_url}, {@code scep_password}, {@code
   *     cert_name})
   * @param commands the registry shared by every appliance of the JVM
   */
  public FleetBooter(
      Hypervisor hypervisor,
      FleetTemplate template,
      Map<String, String> fleetVariables,
      CommandRegistry commands) {
    this.hypervisor = hypervisor;
    this.template = template;
    this.fleetVariables = Map.copyOf(fleetVariables);
    this.commands = commands;
  }

  /** The device's configuration tree, from the expanded template. */
  public ConfigTree configOf(DevicePlan device) {
    String cli = template.expand(device, fleetVariables);
    ConfigTree tree = new ConfigTree();
    try {
      ConfigFiles.load(tree, new StringReader(cli));
    } catch (ConfigFiles.ConfigLoadException e) {
      throw new IllegalArgumentException(
          "fleet template refused for " + device.devname() + ": " + String.join("; ", e.errors()),
          e);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the expanded template of " + device.devname(), e);
    }
    return tree;
  }

  /**
   * A new appliance for the device, booting; completes with its firmware, whose egress daemon
   * applies {@code config vpn certificate setting} and SD-WAN health to the device's SCEP path.
   * SD-WAN health checks run only on devices whose template enables SD-WAN. Completes
   * exceptionally, naming the device, when its configuration cannot be applied (e.g. a health-check
   * protocol the simulator does not carry): a fleet is not run on a configuration it only half
   * follows.
   */
  public CompletableFuture<Firmware> boot(DevicePlan device) {
    return boot(device, configOf(device));
  }

  /**
   * As {@link #boot(DevicePlan)}, from a configuration the caller made ({@link #configOf}, or a
   * device's saved file when a fleet restarts).
   */
  public CompletableFuture<Firmware> boot(DevicePlan device, ConfigTree config) {
    Appliance appliance = hypervisor.newAppliance(device.serial(), config.hostname());
    return Firmware.boot(hypervisor, appliance, config, commands)
        .thenApply(
            fw -> {
              if (fw.unapplied() != null) {
                throw new CompletionException(
                    new IllegalArgumentException(
                        "fleet template refused for " + device.devname() + ": " + fw.unapplied()));
              }
              return fw;
            });
  }
}
