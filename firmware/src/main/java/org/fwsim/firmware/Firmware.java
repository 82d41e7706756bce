package org.fwsim.firmware;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.fwsim.firmware.admin.AdminAuthenticator;
import org.fwsim.firmware.cert.CertificatePorts;
import org.fwsim.firmware.cert.CertificateService;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.CommandWork;
import org.fwsim.firmware.cli.ConfigChange;
import org.fwsim.firmware.cli.ConfigFile;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigListener;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.Services;
import org.fwsim.firmware.cmp.CmpProtocol;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.DebugSink;
import org.fwsim.firmware.egress.EgressDaemon;
import org.fwsim.firmware.egress.LatencyMeter;
import org.fwsim.firmware.egress.SdwanView;
import org.fwsim.firmware.est.EstProtocol;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.rest.RestApi;
import org.fwsim.firmware.sniffer.PacketSniffer;
import org.fwsim.firmware.system.ClockListener;
import org.fwsim.firmware.system.ConfigRestore;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;

/**
 * The firmware of one appliance: boots an {@link Appliance} from a configuration and owns its
 * per-appliance firmware state (configuration tree, debug control, event log, work in flight).
 *
 * <p>Threading: everything here is touched on the appliance's mailbox only; other threads (the
 * console) reach it through {@code appliance().call(...)}. The exceptions, safe from any thread,
 * are the accessors of immutable or volatile state: {@link #appliance()}, {@link #admins()}, {@link
 * #commands()}, {@link #debug()}, {@link #eventLog()}, {@link #busy()}, {@link #whenIdle()} and
 * {@link #setConsoleSink}.
 *
 * <p>Memory: a fleet boots 10,000 of these, so the object holds only references; the command
 * registry (and the schema under the tree) is shared by every appliance of the JVM.
 */
public final class Firmware implements CommandWork {

  private static final DebugSink DISCARD = line -> {};

  /** Shared by every idle firmware; only a fresh future per busy period is ever completed. */
  private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

  private final Appliance appliance;
  private final CommandRegistry commands;
  private final DebugControl debug;
  private final EventLog eventLog = new EventLog();
  private final ConfigListener onChange = this::configChanged;

  /**
   * Told after each commit to the configuration in force, whichever tree that is: a listener on the
   * tree itself would stay on the old one after a restore.
   */
  private final List<ConfigListener> watchers = new ArrayList<>(2);

  private final Hypervisor hypervisor;

  private final CertificateService certificates;

  /** Logins of the management planes: trusthost, password or key, lockout. */
  private final AdminAuthenticator admins;

  private RestApi restApi; // made on first use, on the mailbox

  /** What this firmware's CLI sessions hand to the commands they run. */
  private final Services services;

  private ConfigTree config;
  private ConfigFile configFile;
  private volatile DebugSink consoleSink = DISCARD;

  /** The HAL's side of every commit: what the commit changed, converted; mailbox only. */
  private final HalConversion hal;

  /** Egress of the SCEP path and SD-WAN health, following every commit. */
  private final EgressDaemon egress;

  /** {@code diagnose sniffer packet} and {@code sim sniffer}; mailbox only. */
  private final PacketSniffer sniffer;

  /**
   * What the egress daemon could not apply of the configuration in force, or null; mailbox only.
   */
  private String unapplied;

  /** Tracked work in flight; written on the mailbox only. */
  private volatile int pending;

  /** Completes when {@link #pending} drops to zero; replaced when work starts again. */
  private volatile CompletableFuture<Void> idle = IDLE;

  private Firmware(
      Hypervisor hypervisor, Appliance appliance, ConfigTree config, CommandRegistry commands) {
    this.hypervisor = hypervisor;
    this.appliance = appliance;
    this.commands = commands;
    this.config = config;
    this.hal = new HalConversion(appliance);
    this.debug = new DebugControl(appliance.clock(), line -> consoleSink.println(line));
    // Probe latency is the simulated impairment only: runs stay deterministic.
    this.egress = new EgressDaemon(appliance, hypervisor.underlay(), LatencyMeter.NONE);
    this.certificates =
        new CertificateService(
            new CertificatePorts(
                appliance, hypervisor, this::config, egress, this, debug, eventLog));
    certificates.addProtocol(EnrollProtocol.CMPV2, CmpProtocol::new);
    certificates.addProtocol(EnrollProtocol.EST, EstProtocol::new);
    this.admins = new AdminAuthenticator(appliance, this::config, appliance.clock(), eventLog);
    this.sniffer = new PacketSniffer(appliance, hypervisor.underlay(), this::print);
    this.services =
        Services.builder()
            .add(Appliance.class, appliance)
            .add(DebugControl.class, debug)
            .add(EventLog.class, eventLog)
            .add(CommandWork.class, this)
            .add(ConfigRestore.class, this::replaceConfig)
            .add(ClockListener.class, certificates::clockChanged)
            .add(SdwanView.class, egress::sdwanStatus)
            .add(CertificateService.class, certificates)
            .add(AdminAuthenticator.class, admins)
            .add(PacketSniffer.class, sniffer)
            .build();
  }

  /**
   * Boots the firmware on the appliance's mailbox, in one phase: applies the configuration to the
   * HAL, starts the egress daemon ({@code config vpn certificate setting}, SD-WAN health through
   * the hypervisor's underlay), loads the certificates of the configuration into the stores once
   * the VDOMs exist and gives forticron its schedule; then keeps applying the configuration after
   * every commit. A part the egress daemon cannot carry does not stop the boot: {@link
   * #unapplied()} names it.
   *
   * @param hypervisor the appliance's hypervisor: its scheduler, underlay and key pool serve the
   *     SCEP client, the egress daemon and forticron
   * @param config the appliance's configuration, handed over: from now on only the appliance's
   *     mailbox touches it
   * @param commands the registry every CLI session of this firmware dispatches to; share one per
   *     JVM ({@link FirmwareCommands#newRegistry()} plus the features' own commands)
   * @return completes with the running firmware, or with the error that stopped the boot
   */
  public static CompletableFuture<Firmware> boot(
      Hypervisor hypervisor, Appliance appliance, ConfigTree config, CommandRegistry commands) {
    Objects.requireNonNull(hypervisor, "hypervisor");
    Objects.requireNonNull(appliance, "appliance");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(commands, "commands");
    return appliance.call(
        () -> {
          Firmware fw = new Firmware(hypervisor, appliance, config, commands);
          config.addListener(fw.onChange);
          fw.hal.apply(config.view());
          fw.applyEgress(); // after the HAL: it selects over the VDOMs' interfaces and routes
          fw.certificates.configChanged(); // after the VDOMs: their stores must exist
          return fw;
        });
  }

  /**
   * A factory-default configuration for a simulator lab: {@link ConfigFiles#factoryDefault}
   * (hostname, port1..port4 at 192.168.N.99/24, root VDOM) plus a default route through port1 to
   * 192.168.1.1, so that a CA at any simulated address (the console's at 10.5.149.111) is
   * reachable. The route is the simulator's choice: a real factory default has none.
   */
  public static ConfigTree labDefault(String hostname) {
    ConfigTree tree = ConfigFiles.factoryDefault(hostname);
    tree.createEntry(
        ConfigTree.ROOT_VDOM,
        "router static",
        "1",
        Map.of("gateway", "192.168.1.1", "device", "port1"));
    return tree;
  }

  public Appliance appliance() {
    return appliance;
  }

  /**
   * The authenticator the management planes ask before they let a login in; safe from any thread
   * through {@link AdminAuthenticator#authenticateAsync}.
   */
  public AdminAuthenticator admins() {
    return admins;
  }

  /** The configuration tree in force; a restore replaces it. Mailbox only. */
  public ConfigTree config() {
    return config;
  }

  /**
   * Tells {@code watcher} after each commit to the configuration in force, and after a restore
   * replaced it (with the path "", as after a file load). Unlike {@link ConfigTree#addListener} it
   * follows the firmware from tree to tree. Mailbox only.
   */
  public void addConfigWatcher(ConfigListener watcher) {
    watchers.add(Objects.requireNonNull(watcher, "watcher"));
  }

  /** The registry this firmware's sessions dispatch to (shared, read-only after assembly). */
  public CommandRegistry commands() {
    return commands;
  }

  /** {@code diagnose debug} state and the daemons' traces. */
  public DebugControl debug() {
    return debug;
  }

  public EventLog eventLog() {
    return eventLog;
  }

  /** The hypervisor given at boot. */
  public Hypervisor hypervisor() {
    return hypervisor;
  }

  /**
   * Local and CA certificates of this appliance: SCEP clients per VDOM, forticron, config
   * persistence. Mailbox only.
   */
  public CertificateService certificates() {
    return certificates;
  }

  /**
   * The egress daemon: the SCEP path's egress selection (any thread) and SD-WAN health (its views
   * any thread, the rest mailbox only).
   */
  public EgressDaemon egress() {
    return egress;
  }

  /**
   * What the egress daemon could not apply of the configuration in force (e.g. a health-check
   * protocol the simulator does not model), or null when it applied all of it; the rest runs.
   * Mailbox only (or once {@link #boot} has completed, for what the boot found).
   */
  public String unapplied() {
    return unapplied;
  }

  /** Prints a line on the attached console (asynchronous command results). Any thread. */
  @Override
  public void print(String line) {
    consoleSink.println(line);
  }

  /** The appliance's packet sniffer. Mailbox only. */
  public PacketSniffer sniffer() {
    return sniffer;
  }

  /** A new CLI session on the current configuration (a console login). Mailbox only. */
  public CliSession newSession() {
    return new CliSession(config, commands, services);
  }

  /**
   * The REST API over this firmware's configuration, CLI, stores, SD-WAN health and admin accounts;
   * one per firmware (it holds the web sessions). Mailbox only.
   */
  public RestApi restApi() {
    if (restApi == null) {
      restApi = new RestApi(this::config, this::newSession, appliance, egress::sdwanStatus, admins);
    }
    return restApi;
  }

  /**
   * Where debug lines go: the console that is attached, or nowhere. Thread-safe; the sink must be
   * thread-safe too (lines come from the mailbox and from event loops).
   */
  public void setConsoleSink(DebugSink sink) {
    this.consoleSink = sink == null ? DISCARD : sink;
  }

  /**
   * Saves the configuration to {@code file} after every commit (crash-safe, {@link
   * ConfigFiles#save}); null stops saving. Mailbox only.
   */
  public void autosave(Path file) {
    autosave(file == null ? null : ConfigFile.of(file));
  }

  /**
   * Saves the configuration to {@code file} after every commit, with its guards: a file that was
   * loaded with refused lines is backed up first and never saved over while keys it held are
   * missing ({@link ConfigFile#save}); null stops saving. Mailbox only.
   */
  public void autosave(ConfigFile file) {
    this.configFile = file;
  }

  /**
   * Replaces the whole configuration, as {@code execute restore config} does before FortiOS
   * reboots: the HAL follows the new tree and sessions on the old tree should log in again (compare
   * {@link CliSession#tree()} with {@link #config()}). Mailbox only.
   */
  public void replaceConfig(ConfigTree next) {
    Objects.requireNonNull(next, "config");
    config.removeListener(onChange);
    config = next;
    next.addListener(onChange);
    configChanged(new ConfigChange(null, ""));
  }

  /**
   * Marks work a command started (an enrollment in flight), so that a scripted console waits for it
   * before exiting. Call on the mailbox; completion is counted on the mailbox too.
   *
   * @return {@code work} itself, for chaining
   */
  @Override
  public <T> CompletionStage<T> track(CompletionStage<T> work) {
    if (pending++ == 0) {
      idle = new CompletableFuture<>();
    }
    work.whenComplete((v, e) -> appliance.mailbox().complete(this::workDone));
    return work;
  }

  /** Whether tracked work is still in flight. Any thread. */
  public boolean busy() {
    return pending > 0;
  }

  /**
   * Completes when no tracked work is in flight (at once when none is). Any thread. A view: the
   * caller cannot complete it for the firmware.
   */
  public CompletableFuture<Void> whenIdle() {
    return idle.copy();
  }

  private void workDone() {
    if (--pending == 0) {
      idle.complete(null);
    }
  }

  private void configChanged(ConfigChange change) {
    try {
      // A certificate written back after each renewal must not rerun the whole HAL conversion:
      // in a renewal storm that was a fifth of an appliance's CPU.
      if (!certificateStoreOnly(change)) {
        hal.apply(config.view());
        applyEgress(); // SD-WAN, cert setting
        if (unapplied != null) {
          consoleSink.println("fwsim: configuration not fully applied: " + unapplied);
        }
      }
    } catch (RuntimeException e) {
      // The CLI validated the tree; a refusal here is a gap between schema and HAL. Say so
      // rather than fail the commit, which is already done.
      consoleSink.println("fwsim: configuration not fully applied: " + e.getMessage());
    }
    certificates.configChanged();
    if (configFile != null) {
      try {
        configFile.save(config);
      } catch (IOException | RuntimeException e) {
        consoleSink.println(
            "fwsim: cannot save the configuration to " + configFile.path() + ": " + e.getMessage());
      }
    }
    for (ConfigListener w : watchers) {
      w.configChanged(change);
    }
  }

  /**
   * Hands the configuration to the egress daemon; what it refuses is kept in {@link #unapplied}.
   */
  private void applyEgress() {
    try {
      egress.apply(config.view());
      unapplied = null;
    } catch (IllegalArgumentException e) {
      unapplied = e.getMessage();
    }
  }

  /**
   * Whether the change touched only certificate tables, which no HAL part nor the egress daemon
   * reads ({@code vpn certificate setting}, which the egress daemon does read, is not one of them).
   */
  static boolean certificateStoreOnly(ConfigChange change) {
    return switch (change.path()) {
      case "vpn certificate local", "vpn certificate ca", "vpn certificate crl" -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return "Firmware[" + appliance + "]";
  }
}
