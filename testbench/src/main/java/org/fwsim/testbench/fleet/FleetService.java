package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.admin.Admins;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFile;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.lang.Require;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.cli.ChallengeOptions;
import org.fwsim.testbench.console.CaConsoleCommands;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;
import org.fwsim.testbench.report.Progress;

/**
 * A long-running fleet, in-process: boots the devices (from their saved configurations when the
 * directory has them, else from the template with the factory administrators and the fleet's admin
 * password), starts the embedded CA with its depot in the directory, the management planes, and
 * writes the inventories; {@link #stop} saves every device and the CA so that a start with the same
 * directory restores the same fleet. {@code fwsim fleet} runs one until a signal; tests run one on
 * a hypervisor of their own.
 */
public final class FleetService implements AutoCloseable {

  /** Where the embedded CA is, as at the console ({@code http://10.5.149.111/app/cert/scep/}). */
  public static final String CA_ADDRESS = "10.5.149.111";

  public static final String CA_URL = "http://" + CA_ADDRESS + "/app/cert/scep/";

  /** The account every device's {@code --admin-password} belongs to. */
  public static final String ADMIN = "admin";

  /**
   * How to run.
   *
   * @param plan which devices, how many VDOMs
   * @param dir the fleet's directory (created when missing)
   * @param template the template new devices are made from; null for the default one
   * @param adminPassword the {@code admin} password of newly made devices (restored ones keep
   *     theirs)
   * @param caUrl an external CA instead of the embedded one, or null
   * @param challenge the embedded CA's challenge, or null for the saved one (else a random one)
   * @param mgmtInterface the management interface of each device
   * @param timeout how long booting or saving one device may take
   */
  public record Settings(
      FleetPlan plan,
      Path dir,
      FleetTemplate template,
      String adminPassword,
      String caUrl,
      String challenge,
      String mgmtInterface,
      Duration timeout) {
    public Settings {
      Require.nonNull(
          "plan, dir, adminPassword, mgmtInterface, timeout",
          plan,
          dir,
          adminPassword,
          mgmtInterface,
          timeout);
    }
  }

  private final Settings settings;
  private final Hypervisor hypervisor;
  private final FleetDirectory dir;
  private final PrintStream out;
  private final List<ManagementPlane> planes;
  private final List<ManagedDevice> devices = new ArrayList<>();
  private ScepCa ca;
  private String caUrl;
  private boolean stopped;

  private FleetService(
      Settings settings,
      Hypervisor hypervisor,
      FleetDirectory dir,
      PrintStream out,
      List<ManagementPlane> planes) {
    this.settings = settings;
    this.hypervisor = hypervisor;
    this.dir = dir;
    this.out = out;
    this.planes = List.copyOf(planes);
  }

  /**
   * Starts the fleet and returns once every device answers and the inventories are written.
   *
   * @param hypervisor with at least one worker thread (nothing here pumps it)
   * @param planes the management planes to start over the devices (none is fine)
   * @throws IOException when the directory, a saved configuration, the CA or a plane fails; what
   *     started is stopped again
   */
  public static FleetService start(
      Settings settings, Hypervisor hypervisor, PrintStream out, List<ManagementPlane> planes)
      throws IOException {
    FleetService fleet =
        new FleetService(settings, hypervisor, new FleetDirectory(settings.dir()), out, planes);
    try {
      fleet.startCa();
      fleet.bootAll();
      ManagedDevices directory = new ManagedDevices(hypervisor, fleet.devices);
      for (ManagementPlane p : fleet.planes) {
        p.start(directory);
      }
      fleet.writeInventories();
    } catch (IOException | RuntimeException e) {
      fleet.closeQuietly();
      throw e;
    }
    out.println(
        "Fleet ready: "
            + fleet.devices.size()
            + " devices ("
            + fleet.dir.inventoryCsv()
            + ", "
            + fleet.dir.inventoryYaml()
            + ")");
    out.flush();
    return fleet;
  }

  /** The devices, in fleet order. */
  public List<ManagedDevice> devices() {
    return List.copyOf(devices);
  }

  /** The embedded CA, or null with an external one. */
  public ScepCa ca() {
    return ca;
  }

  public String caUrl() {
    return caUrl;
  }

  /**
   * Stops accepting (the planes close), saves every device's configuration crash-safely into {@code
   * devices/<name>.conf} and closes the CA, whose depot is already on disk. What SIGTERM runs;
   * idempotent.
   *
   * @throws IOException naming the devices that could not be saved (the others are)
   */
  public synchronized void stop() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    for (ManagementPlane p : planes) {
      p.close();
    }
    List<String> failed = new ArrayList<>();
    try (Progress progress = Progress.start(out, Progress.isTerminal())) {
      AtomicLong saved = new AtomicLong();
      Progress.Bar bar = progress.track("save", devices.size(), saved::get);
      List<CompletableFuture<Void>> saves = new ArrayList<>(devices.size());
      for (ManagedDevice d : devices) {
        Firmware fw = d.firmware();
        Path file = dir.deviceConfig(d.name());
        saves.add(
            fw.appliance()
                .call(
                    () -> {
                      ConfigFiles.save(fw.config(), file);
                      saved.incrementAndGet();
                      return null;
                    }));
      }
      for (int i = 0; i < saves.size(); i++) {
        try {
          await(saves.get(i), "save " + devices.get(i).name());
        } catch (IOException e) {
          failed.add(devices.get(i).name() + ": " + e.getMessage());
        }
      }
      progress.finish(bar);
    } finally {
      if (ca != null) {
        ca.close();
      }
    }
    if (!failed.isEmpty()) {
      throw new IOException("not saved: " + String.join("; ", failed));
    }
    out.println("Fleet saved: " + devices.size() + " devices in " + dir.devices());
    out.flush();
  }

  /** {@link #stop}; the hypervisor is the caller's to close. */
  @Override
  public void close() throws IOException {
    stop();
  }

  // --- start -------------------------------------------------------------------------------

  private void startCa() throws IOException {
    if (settings.caUrl() != null) {
      try {
        ScepUrl.parse(settings.caUrl());
      } catch (IllegalArgumentException e) {
        throw new IOException("--ca: " + e.getMessage(), e);
      }
      mapExternalCa(settings.caUrl());
      caUrl = settings.caUrl();
      out.println("External CA: " + caUrl);
      return;
    }
    String challenge =
        settings.challenge() != null
            ? settings.challenge()
            : dir.savedChallenge().orElseGet(FleetService::randomChallenge);
    dir.saveChallenge(challenge);
    ca =
        ScepCa.builder()
            .clock(hypervisor.clock())
            .meterRegistry(hypervisor.registry())
            .challenge(challenge)
            .depot(dir.ca())
            .workers(1)
            .build();
    ca.start(hypervisor.underlay(), Ip4.parse(CA_ADDRESS), 80);
    caUrl = CA_URL;
    // A challenge the user gave is not printed; a saved or random one is (fleet.properties).
    out.println(
        "Embedded CA: "
            + CA_URL
            + " challenge "
            + (settings.challenge() != null ? ChallengeOptions.MASK : challenge));
    out.flush();
  }

  private void bootAll() throws IOException {
    CommandRegistry commands = FirmwareCommands.newRegistry();
    CaConsoleCommands.register(commands, () -> ca, () -> caUrl);
    FleetTemplate template =
        settings.template() != null ? settings.template() : FleetTemplate.defaultTemplate();
    FleetBooter booter =
        new FleetBooter(
            hypervisor,
            template,
            Map.of("ca_url", caUrl, "scep_password", "", "cert_name", "fleet"),
            commands);
    FleetPlan plan = settings.plan();
    int[] indexes = plan.indexes().toArray();
    int restored = 0;
    try (Progress progress = Progress.start(out, Progress.isTerminal())) {
      AtomicLong booted = new AtomicLong();
      Progress.Bar bar = progress.track("boot", indexes.length, booted::get);
      List<CompletableFuture<Firmware>> boots = new ArrayList<>(indexes.length);
      List<Pending> pending = new ArrayList<>(indexes.length);
      for (int index : indexes) {
        DevicePlan d = plan.device(index);
        Path saved = dir.deviceConfig(d.devname());
        ConfigTree config;
        if (Files.exists(saved)) {
          config = restore(saved);
          restored++;
        } else {
          config = booter.configOf(d);
          prepareNew(config, settings.template() == null);
        }
        // Read before the boot hands the tree to the appliance's mailbox.
        int mgmt = managementAddress(config, d);
        boots.add(booter.boot(d, config).whenComplete((fw, e) -> booted.incrementAndGet()));
        pending.add(new Pending(d, mgmt));
      }
      for (int i = 0; i < boots.size(); i++) {
        Pending p = pending.get(i);
        Firmware fw = await(boots.get(i), "boot " + p.plan().devname());
        // Saved at every commit too (a renewal is one), so a kill -9 loses no certificate or key.
        Path file = dir.deviceConfig(p.plan().devname());
        await(
            fw.appliance()
                .call(
                    () -> {
                      fw.autosave(file);
                      return fw;
                    }),
            "autosave " + p.plan().devname());
        int host = hypervisor.underlay().hostAddressOf(fw.appliance().id(), p.mgmtAddress());
        devices.add(
            new ManagedDevice(
                p.plan().devname(),
                p.plan().serial(),
                fw,
                settings.mgmtInterface(),
                p.mgmtAddress(),
                host));
      }
      progress.finish(bar);
    }
    if (restored > 0) {
      out.println(
          "Restored " + restored + " of " + indexes.length + " devices from " + dir.devices());
    }
  }

  /** A device booting: its plan and management address. */
  private record Pending(DevicePlan plan, int mgmtAddress) {}

  /**
   * A device made from the template gets FortiOS's factory administrators (unless the template
   * names its own) with the fleet's password, and, with the default template (written for the
   * storm, which needs no management access), SSH and HTTPS allowed on its management interface.
   */
  private void prepareNew(ConfigTree config, boolean defaultTemplate) {
    ConfigFiles.addFactoryAdmins(config);
    if (config.global().table("system admin").get(ADMIN) != null) {
      Admins.setPassword(config, ADMIN, settings.adminPassword());
    }
    if (defaultTemplate) {
      String script =
          "config system interface\nedit \""
              + settings.mgmtInterface()
              + "\"\nappend allowaccess https ssh http\nnext\nend\n";
      String answer =
          new CliSession(config)
              .run(config.multiVdom() ? "config global\n" + script + "end\n" : script);
      if (answer.contains("Command fail")) {
        throw new IllegalArgumentException(
            "cannot allow management access on "
                + settings.mgmtInterface()
                + ": "
                + answer.strip());
      }
    }
  }

  private int managementAddress(ConfigTree config, DevicePlan d) {
    ConfigObject nic = config.global().table("system interface").get(settings.mgmtInterface());
    if (nic == null) {
      throw new IllegalArgumentException(
          d.devname() + " has no management interface " + settings.mgmtInterface());
    }
    String ip = nic.text("ip");
    int address = Ip4.parse(ip.substring(0, ip.indexOf(' ')));
    if (address == 0) {
      throw new IllegalArgumentException(
          d.devname() + ": management interface " + settings.mgmtInterface() + " has no address");
    }
    return address;
  }

  private static ConfigTree restore(Path file) throws IOException {
    ConfigTree tree = new ConfigTree();
    try (Reader in = new StringReader(ConfigFile.read(file))) {
      ConfigFiles.load(tree, in);
    } catch (ConfigFiles.ConfigLoadException e) {
      throw new IOException(file + ": " + String.join("; ", e.errors()), e);
    }
    return tree;
  }

  private void writeInventories() throws IOException {
    List<Inventory.Row> rows = new ArrayList<>(devices.size());
    for (ManagedDevice d : devices) {
      Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
      for (ManagementPlane p : planes) {
        p.endpointOf(d).ifPresent(a -> endpoints.put(p.service(), a));
      }
      rows.add(new Inventory.Row(d.name(), d.serial(), d.mgmtAddress(), endpoints));
    }
    FleetDirectory.writeAtomically(dir.inventoryCsv(), Inventory.csv(rows));
    FleetDirectory.writeAtomically(dir.inventoryYaml(), Inventory.yaml(rows, ADMIN));
  }

  private void mapExternalCa(String url) throws IOException {
    java.net.URI u = java.net.URI.create(url);
    InetSocketAddress target =
        new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 80 : u.getPort());
    if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
      throw new IOException("--ca: " + url + " is not on loopback (127.0.0.0/8 or ::1)");
    }
    hypervisor.underlay().map(target, target);
  }

  private <T> T await(CompletableFuture<T> f, String what) throws IOException {
    try {
      return f.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new IOException(what + " failed: " + c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new IOException(what + " did not finish within " + settings.timeout(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " interrupted", e);
    }
  }

  private void closeQuietly() {
    for (ManagementPlane p : planes) {
      p.close();
    }
    if (ca != null) {
      ca.close();
    }
    stopped = true;
  }

  private static String randomChallenge() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "fwsim-" + HexFormat.of().formatHex(b);
  }
}
