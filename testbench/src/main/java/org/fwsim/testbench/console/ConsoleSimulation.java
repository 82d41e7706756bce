package org.fwsim.testbench.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFile;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.console.ConsoleLink;
import org.fwsim.firmware.console.ScriptConsole;
import org.fwsim.firmware.console.TerminalConsole;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.lang.Require;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.testbench.ca.EstServer;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.cli.ChallengeOptions;
import org.jline.terminal.Terminal;

/**
 * What {@code fwsim console} runs, on a hypervisor the caller owns: one appliance booted through
 * {@link Firmware}, the embedded SCEP CA in the same simulation (same virtual clock, the
 * hypervisor's event loops) at the reference articles' address, and a console on the appliance.
 *
 * <p>Tests use it in-process with a hypervisor of 0 workers, stdin as a reader and stdout as a
 * print stream.
 */
public final class ConsoleSimulation implements AutoCloseable {

  /** Where the embedded CA is, as in KB-420924: {@code http://10.5.149.111/app/cert/scep/}. */
  public static final String CA_ADDRESS = "10.5.149.111";

  public static final int CA_PORT = 80;
  public static final String CA_URL = "http://" + CA_ADDRESS + "/app/cert/scep/";

  /** The embedded CA's EST server (RFC 7030), at the same simulated address on HTTPS's port. */
  public static final String EST_URL = "https://" + CA_ADDRESS;

  /**
   * The embedded CA's EST over TLS-SRP (RFC 5054), user {@code est}, the challenge as password: its
   * own port, as {@code ./fwsim ca --est-srp-listen}.
   */
  public static final String EST_SRP_URL = "https://" + CA_ADDRESS + ":8443";

  private static final int EST_PORT = 443;
  private static final int EST_SRP_PORT = 8443;
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How to start.
   *
   * @param configFile boot from this file; created from the factory default when missing; null for
   *     the factory default alone
   * @param save write every configuration change back to {@code configFile}
   * @param caUrl an external CA instead of the embedded one, or null
   * @param challenge the embedded CA's challenge password, or null for a random one
   * @param commandTimeout how long one command may take
   */
  public record Settings(
      Path configFile,
      boolean save,
      String caUrl,
      String challenge,
      String hostname,
      String serial,
      Duration commandTimeout) {
    public Settings {
      Require.nonNull("hostname, serial, commandTimeout", hostname, serial, commandTimeout);
    }

    public static Settings defaults() {
      return new Settings(
          null, true, null, null, "FGVM01", "FGVM01TM26000001", Duration.ofSeconds(60));
    }

    /** These settings with the embedded CA's challenge password set. */
    public Settings withChallenge(String challenge) {
      return new Settings(configFile, save, caUrl, challenge, hostname, serial, commandTimeout);
    }
  }

  private final Firmware firmware;
  private final CaHolder authority;
  private final ConsoleLink link;

  private ConsoleSimulation(Firmware firmware, CaHolder authority, ConsoleLink link) {
    this.firmware = firmware;
    this.authority = authority;
    this.link = link;
  }

  /**
   * Boots the appliance, starts the CA and prints the CA line (and any refused configuration lines)
   * to {@code out}.
   *
   * @param pump runs ready appliance work on the caller: {@code hv::runUntilIdle} for 0 workers
   */
  public static ConsoleSimulation start(Settings s, Hypervisor hv, Runnable pump, PrintStream out)
      throws IOException {
    if (s.caUrl() != null) {
      try {
        ScepUrl.parse(s.caUrl()); // refuse a URL the SCEP client could not use, before booting
      } catch (IllegalArgumentException e) {
        throw new IOException("--ca: " + e.getMessage(), e);
      }
    }
    ConfigFile loaded = loadConfig(s, out);
    ConfigTree config = loaded == null ? Firmware.labDefault(s.hostname()) : loaded.tree();
    CaHolder holder = new CaHolder();
    CommandRegistry commands = FirmwareCommands.newRegistry();
    CaConsoleCommands.register(
        commands, () -> holder.ca, () -> holder.url, host -> simulatedSource(hv, host));

    Appliance appliance = hv.newAppliance(s.serial(), config.hostname());
    Firmware fw = await(Firmware.boot(hv, appliance, config, commands), pump, "boot");
    if (fw.unapplied() != null) {
      // A configuration the simulator cannot carry in full is named, not fatal.
      out.println("fwsim: configuration not fully applied: " + fw.unapplied());
    }
    if (s.configFile() != null && s.save()) {
      Path file = s.configFile();
      boolean created = loaded == null;
      await(
          appliance.call(
              () -> {
                fw.autosave(created ? ConfigFile.of(file) : loaded);
                if (created) {
                  ConfigFiles.save(fw.config(), file);
                }
                return null;
              }),
          pump,
          "save");
    }
    try {
      if (s.caUrl() == null) {
        String challenge = s.challenge() != null ? s.challenge() : randomChallenge();
        holder.ca =
            ScepCa.builder()
                .clock(hv.clock())
                .meterRegistry(hv.registry())
                .challenge(challenge)
                .workers(1)
                .build();
        holder.ca.start(hv.underlay(), Ip4.parse(CA_ADDRESS), CA_PORT);
        holder.url = CA_URL;
        // A challenge the user gave is not printed; a random one is, as the only way to learn it.
        out.println(
            "Embedded CA: "
                + CA_URL
                + " challenge "
                + (s.challenge() != null ? ChallengeOptions.MASK : challenge));
        holder.est = startEst(hv, holder.ca, fw);
        holder.estSrp = startEstSrp(hv, holder.ca);
        out.println(
            "Embedded EST: " + EST_URL + " user " + EstServer.USER + ", password the challenge");
      } else {
        holder.url = s.caUrl();
        out.println("External CA: " + s.caUrl());
      }
      out.flush();
      ConsoleLink link = ConsoleLink.open(fw, pump, s.commandTimeout());
      return new ConsoleSimulation(fw, holder, link);
    } catch (RuntimeException e) {
      holder.close();
      throw e;
    }
  }

  /** The console when stdin is not a terminal; returns the exit status (0 at end of input). */
  public int runScript(BufferedReader in, PrintStream out, Duration settle) throws IOException {
    return ScriptConsole.run(link, in, out, settle);
  }

  /** The console on a terminal (JLine); returns 0 on {@code exit} or Ctrl-D. */
  public int runTerminal(Terminal terminal) throws IOException {
    return TerminalConsole.run(link, terminal);
  }

  public Firmware firmware() {
    return firmware;
  }

  /** The embedded CA's EST server, or null with an external CA. */
  public EstServer est() {
    return authority.est;
  }

  /** The embedded CA, or null with an external one. */
  public ScepCa ca() {
    return authority.ca;
  }

  public String caUrl() {
    return authority.url;
  }

  /** Stops the embedded CA; the hypervisor is the caller's to close. */
  @Override
  public void close() {
    firmware.setConsoleSink(null);
    authority.close();
  }

  /** The configuration file, loaded; null when there is none (boot from the lab default). */
  private static ConfigFile loadConfig(Settings s, PrintStream out) throws IOException {
    Path file = s.configFile();
    if (file == null || !Files.exists(file)) {
      return null;
    }
    ConfigFile loaded = ConfigFile.load(file);
    if (!loaded.refused().isEmpty()) {
      // As FortiOS does with a restored file: skip the refused lines, keep the rest, say which,
      // and how the file is kept from losing them (ConfigFile).
      out.println("fwsim: " + file + ": " + loaded.refused().size() + " line(s) refused:");
      loaded.refused().forEach(line -> out.println("  " + line));
      loaded.warnings().forEach(w -> out.println("fwsim: " + w));
    }
    return loaded;
  }

  private static <T> T await(CompletableFuture<T> f, Runnable pump, String what)
      throws IOException {
    pump.run();
    try {
      return f.get(BOOT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + " did not finish within " + BOOT_TIMEOUT.toSeconds() + "s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " interrupted", e);
    }
  }

  private static String randomChallenge() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "fwsim-" + HexFormat.of().formatHex(b);
  }

  /**
   * The CA's EST server on a loopback port, reached by the appliance at {@link #EST_URL} through
   * the underlay; its TLS certificate names that address, so {@code est-server-cert} verifies it.
   * It serves ACME at {@code /acme/directory} too; as in a lab whose DNS points every name at the
   * one FortiGate, HTTP-01 is validated where the appliance answers it.
   */
  private static EstServer startEst(Hypervisor hv, ScepCa ca, Firmware fw) {
    EstServer est =
        EstServer.start(
            ca,
            new InetSocketAddress("127.0.0.1", 0),
            List.of(CA_ADDRESS),
            domain ->
                fw.certificates().acmeHttp01Endpoints().stream()
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "the appliance answers no ACME challenge for " + domain)));
    hv.underlay().map(new InetSocketAddress(CA_ADDRESS, EST_PORT), est.address());
    return est;
  }

  /** The CA's EST over TLS-SRP on a loopback port, reached at {@link #EST_SRP_URL}. */
  private static EstServer startEstSrp(Hypervisor hv, ScepCa ca) {
    EstServer srp =
        EstServer.startSrp(ca, new InetSocketAddress("127.0.0.1", 0), List.of(CA_ADDRESS));
    hv.underlay().map(new InetSocketAddress(CA_ADDRESS, EST_SRP_PORT), srp.address());
    return srp;
  }

  /** Filled once the CA is up; the registered commands read it later, on the mailbox. */
  private static final class CaHolder {
    volatile ScepCa ca;
    volatile String url;
    volatile EstServer est;
    volatile EstServer estSrp;

    /** Stops the embedded CA and its EST servers, whichever started. */
    void close() {
      if (estSrp != null) {
        estSrp.close();
      }
      if (est != null) {
        est.close();
      }
      if (ca != null) {
        ca.close();
      }
    }
  }

  /**
   * "10.5.149.1 port2 FGVM01" for a loopback address the underlay gave an appliance's interface.
   */
  static String simulatedSource(Hypervisor hv, int hostAddress) {
    return hv.underlay()
        .bindingOf(hostAddress)
        .map(
            b -> {
              String where = Ip4.toString(b.simAddress());
              try {
                Appliance a = hv.appliance(b.applianceId());
                String nic =
                    a.interfaces().values().stream()
                        .filter(n -> n.address() == b.simAddress())
                        .map(NetworkInterface::name)
                        .findFirst()
                        .orElse("?");
                return where + " " + nic + " " + a.hostname();
              } catch (IllegalArgumentException notAnAppliance) {
                return where; // the CA's own side of the underlay
              }
            })
        .orElse(null);
  }
}
