package org.fwsim.firmware.console;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.TestHypervisors;

/**
 * One appliance on a hypervisor without worker threads, its clock frozen (fast-forward) at a fixed
 * instant, driven through the scripted console exactly as stdin would drive it.
 */
final class ConsoleFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  final Hypervisor hv;
  final Appliance appliance;
  final Firmware firmware;
  final ConsoleLink link;
  int exitCode = -1;

  ConsoleFixture() {
    this(Firmware.labDefault("FGVM01"), FirmwareCommands.newRegistry());
  }

  ConsoleFixture(ConfigTree config, CommandRegistry commands) {
    hv = TestHypervisors.builder(START).build();
    appliance = hv.newAppliance("FGVM01TM26000001", config.hostname());
    var booting = Firmware.boot(hv, appliance, config, commands);
    hv.runUntilIdle();
    try {
      firmware = booting.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      hv.close();
      throw new IllegalStateException("boot failed", e);
    }
    link = ConsoleLink.open(firmware, hv::runUntilIdle, Duration.ofSeconds(10));
  }

  /** The transcript of a script, as the console prints it when stdin is not a terminal. */
  String run(String script) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exitCode =
          ScriptConsole.run(
              link, new BufferedReader(new StringReader(script)), out, Duration.ofSeconds(5));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Runs a task on the appliance's mailbox and returns its result. */
  <T> T onAppliance(java.util.concurrent.Callable<T> task) {
    var f = appliance.call(task);
    hv.runUntilIdle();
    return f.join();
  }

  @Override
  public void close() {
    hv.close();
  }
}
