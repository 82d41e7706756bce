package org.fwsim.firmware.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.cli.CommandWork;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console driven through stdin: every command of the CLI issue, as a user types it. */
class ScriptConsoleTest {
  /** A freshly booted appliance behind its console, one for each test. */
  @AutoClose private final ConsoleFixture console = new ConsoleFixture();

  @Test
  void factoryDefaultInterfacesShowAndReachTheHal() {
    String t = console.run("show system interface\n");
    assertTrue(t.startsWith("FGVM01 # show system interface\nconfig system interface\n"), t);
    assertTrue(
        t.contains(
            "    edit \"port2\"\n        set vdom \"root\"\n"
                + "        set ip 192.168.2.99 255.255.255.0\n"),
        t);
    assertEquals(0, console.exitCode);
    NetworkInterface port2 = console.appliance.findInterface("port2").orElseThrow();
    assertEquals(Ip4.parse("192.168.2.99"), port2.address());
    assertEquals(24, port2.prefixLength());
    assertEquals("root", port2.vdom());
    // The lab default route carries traffic for the console's CA at 10.5.149.111.
    Route r =
        console.appliance.vdoms().root().routes().lookup(Ip4.parse("10.5.149.111")).orElseThrow();
    assertEquals("port1", r.device());
    assertEquals(Ip4.parse("192.168.1.1"), r.gateway());
  }

  @Test
  void systemStatusShowsIdentityModeAndVirtualTime() {
    String t = console.run("get system status\n");
    assertContainsAll(
        t,
        "Version: FortiGate-VM64 v7.4.3,build2573,240201 (GA.F)\n",
        "Serial-Number: FGVM01TM26000001\n",
        "Hostname: FGVM01\n",
        "Operation Mode: NAT\n",
        "Current virtual domain: root\n",
        "Virtual domain configuration: disable\n",
        "System time: Mon Nov 23 10:00:00 2026\n");
  }

  @Test
  void executeDateAndTimeSkewOnlyThisAppliance() {
    String t =
        console.run(
            """
          execute date
          execute date 2027-01-05
          execute time 08:30:15
          execute date
          execute time
          get system status
          sim clock
          """);
    assertContainsAll(
        t,
        "FGVM01 # execute date\ncurrent date is: 2026-11-23\n",
        "FGVM01 # execute date\ncurrent date is: 2027-01-05\n",
        "FGVM01 # execute time\ncurrent time is: 08:30:15\n",
        "System time: Tue Jan  5 08:30:15 2027\n");
    // The simulation itself did not move: the appliance runs ahead of it.
    assertTrue(
        t.contains(
            "Simulation time: 2026-11-23 10:00:00 UTC\nSpeed: fast-forward\n"
                + "Appliance time: 2027-01-05 08:30:15 UTC"),
        t);
    assertEquals(ConsoleFixture.START, console.hv.clock().instant());
    assertTrue(console.appliance.clock().offset().toDays() > 40);
  }

  @Test
  void simClockAdvanceSetAndSpeedMoveTheWholeSimulation() {
    String t =
        console.run(
            """
          sim clock advance 1d
          get system status
          sim clock advance 1d12h30m
          sim clock set 2030-02-03 04:05:06
          sim clock speed 60x
          sim clock speed fast-forward
          sim clock advance soon
          """);
    assertTrue(
        t.contains("FGVM01 # sim clock advance 1d\nSimulation time: 2026-11-24 10:00:00 UTC\n"), t);
    assertContainsAll(
        t,
        "System time: Tue Nov 24 10:00:00 2026\n",
        "Simulation time: 2026-11-25 22:30:00 UTC\n",
        "Simulation time: 2030-02-03 04:05:06 UTC\n",
        "Speed: 60x\n");
    assertTrue(
        t.contains(
            "FGVM01 # sim clock advance soon\ninvalid duration 'soon': use e.g. 90s,"
                + " 30m, 12h, 1d, 2w or 1d12h\nCommand fail. Return code -61\n"),
        t);
    assertEquals(0, console.exitCode);
  }

  /**
   * {@code diagnose debug} stops after its duration of appliance time (30 minutes by default): a
   * jump past the end says so instead of hiding the traces it fires; one within it says nothing.
   */
  @Test
  void aClockJumpPastTheDebugDurationSaysTheOutputStopped() {
    String t =
        console.run(
            """
          diagnose debug application forticron -1
          diagnose debug enable
          sim clock advance 10m
          sim clock advance 7d
          diagnose debug info
          """);
    assertTrue(
        t.contains(
            "FGVM01 # sim clock advance 10m\nSimulation time: 2026-11-23 10:10:00 UTC\n"
                + "Speed: fast-forward\nFGVM01 #"),
        t);
    assertTrue(
        t.contains(
            "Simulation time: 2026-11-30 10:10:00 UTC\nSpeed: fast-forward\n"
                + "Debug output stopped at 2026-11-23 10:30:00 (appliance time): the jump passed"
                + " the end of diagnose debug duration (30 minutes); the traces it fires are not"
                + " shown. Use diagnose debug duration 0 (no limit) or a longer one, then"
                + " diagnose debug enable.\n"),
        t);
    assertTrue(t.contains("debug output:           disable\n"), t);

    t =
        console.run(
            """
          diagnose debug duration 0
          diagnose debug enable
          sim clock set 2031-01-01 00:00:00
          diagnose debug info
          """);
    assertFalse(t.contains("Debug output stopped"), t);
    assertTrue(t.contains("debug output:           enable\n"), t);
  }

  @Test
  void staticRouteEditShowsInRoutingTableAndHal() {
    String t =
        console.run(
            """
          config router static
          edit 2
          set dst 10.20.0.0 255.255.0.0
          set gateway 192.168.3.1
          set device port3
          set distance 5
          next
          end
          get router info routing-table all
          get router info routing-table static
          get router info routing-table connected
          """);
    assertTrue(
        t.contains(
            """
          Routing table for VRF=0
          S*      0.0.0.0/0 [10/0] via 192.168.1.1, port1, [1/0]
          S       10.20.0.0/16 [5/0] via 192.168.3.1, port3, [1/0]
          C       192.168.1.0/24 is directly connected, port1
          """),
        t);
    assertTrue(
        t.contains(
            "FGVM01 # get router info routing-table static\n"
                + "S*      0.0.0.0/0 [10/0] via 192.168.1.1, port1, [1/0]\n"
                + "S       10.20.0.0/16 [5/0] via 192.168.3.1, port3, [1/0]\nFGVM01 # "),
        t);
    assertTrue(
        t.contains(
            "FGVM01 # get router info routing-table connected\n"
                + "C       192.168.1.0/24 is directly connected, port1\n"),
        t);
    Route r =
        console.appliance.vdoms().root().routes().lookup(Ip4.parse("10.20.1.1")).orElseThrow();
    assertEquals("port3", r.device());
    assertEquals(5, r.distance());

    // Deleting the route and shutting port3 both reach the HAL.
    console.run(
        """
          config router static
          delete 2
          end
          config system interface
          edit port3
          set status down
          next
          end
          """);
    assertEquals(
        "port1",
        console
            .appliance
            .vdoms()
            .root()
            .routes()
            .lookup(Ip4.parse("10.20.1.1"))
            .orElseThrow()
            .device());
    assertTrue(
        console
            .appliance
            .vdoms()
            .root()
            .routes()
            .lookup(Ip4.parse("192.168.3.7"))
            .map(x -> x.device().equals("port1"))
            .orElse(false),
        "port3's subnet is gone");
  }

  @Test
  void multiVdomFlowCreatesVdomsMovesInterfacesAndRoutesPerVdom() {
    String t =
        console.run(
            """
          config system global
          set vdom-mode multi-vdom
          end
          y
          config vdom
          edit customer
          next
          end
          config global
          config system interface
          edit port4
          set vdom customer
          next
          end
          get system status
          end
          config vdom
          edit customer
          config router static
          edit 1
          set device port4
          set gateway 192.168.4.254
          next
          end
          get router info routing-table all
          end
          sudo root get router info routing-table connected
          """);
    assertContainsAll(
        t,
        "Do you want to continue? (y/n)y\n",
        "FGVM01 (customer) # next\n",
        "Virtual domain configuration: multiple\n",
        "Virtual domains status: 2 in NAT mode, 0 in TP mode\n");
    assertTrue(
        t.contains(
            "Routing table for VRF=0\n"
                + "S*      0.0.0.0/0 [10/0] via 192.168.4.254, port4, [1/0]\n"
                + "C       192.168.4.0/24 is directly connected, port4\n"),
        t);
    assertFalse(t.substring(t.indexOf("sudo root")).contains("port4"), t);
    assertEquals(1, console.appliance.vdoms().find("customer").orElseThrow().vfid());
    assertEquals("customer", console.appliance.findInterface("port4").orElseThrow().vdom());
    assertTrue(
        console.appliance.vdoms().root().routes().candidates(Ip4.parse("192.168.4.1")).stream()
            .noneMatch(r -> r.device().equals("port4")),
        "port4 left root's table");

    // Deleting the VDOM (after moving its interface back) removes it from the HAL too.
    console.run(
        """
          config global
          config system interface
          edit port4
          set vdom root
          next
          end
          end
          config vdom
          delete customer
          end
          """);
    assertTrue(console.appliance.vdoms().find("customer").isEmpty());
    assertEquals("root", console.appliance.findInterface("port4").orElseThrow().vdom());
  }

  @Test
  void diagnoseDebugTurnsOnTracesThatReachTheConsole() {
    // A feature command, registered as later features will: it traces on the mailbox, then
    // again from a Netty event loop, and marks that work so the script waits for it.
    console
        .firmware
        .commands()
        .register(
            "sim test trace",
            "Emit trace lines (test).",
            java.util.List.of(),
            (ctx, args) -> {
              CommandWork work = ctx.service(CommandWork.class);
              Trace scep = ctx.service(DebugControl.class).trace(DebugApplication.SCEP);
              scep.line("scep_start", "on the mailbox");
              var done = new CompletableFuture<Void>();
              ctx.service(Appliance.class).execute(() -> work.track(done));
              Thread other =
                  new Thread(
                      () -> {
                        scep.line("scep_recv", "from another thread");
                        done.complete(null);
                      });
              other.start();
              return "";
            });
    String t =
        console.run(
            """
          diagnose debug application scep -1
          diagnose debug enable
          diagnose debug info
          diagnose debug application nosuchd 1
          sim test trace
          """);
    assertTrue(
        t.contains("FGVM01 # diagnose debug application scep -1\nFGVM01 # diagnose debug enable\n"),
        t);
    assertContainsAll(
        t,
        "debug output:           enable\n",
        "scep debug level:       -1 (0xffffffff)\n",
        "unknown debug application 'nosuchd'",
        "FGVM01 # sim test trace\nscep_start: on the mailbox\n");
    assertTrue(t.endsWith("scep_recv: from another thread\n"), t);
    assertFalse(console.firmware.busy());

    String stamped =
        console.run(
            "diagnose debug console timestamp enable\nsim test trace\n"
                + "diagnose debug disable\nsim test trace\n");
    assertTrue(console.firmware.debug().settings().consoleTimestamp());
    assertTrue(stamped.contains("2026-11-23 10:00:00 scep_start: on the mailbox\n"), stamped);
    String afterDisable = stamped.substring(stamped.lastIndexOf("# sim test trace\n"));
    assertFalse(afterDisable.contains("on the mailbox"), stamped);
  }

  @Test
  void eventLogDisplayAndFilter() {
    assertEquals(
        "FGVM01 # execute log display\n0 logs found.\n0 logs returned.\n",
        console.run("execute log display\n"));
    console.onAppliance(
        () -> {
          console
              .firmware
              .eventLog()
              .append(
                  new LogEntry(
                      ConsoleFixture.START.toEpochMilli(),
                      LogId.AUTO_GEN_CERT_SUCC,
                      "root",
                      java.util.List.of(new LogEntry.Field("name", "c1"))));
          return null;
        });
    String t =
        console.run(
            """
          execute log display
          execute log filter field name c2
          execute log display
          execute log filter category traffic
          execute log filter dump
          execute log filter view-lines 2
          execute log filter reset
          execute log display
          """);
    assertTrue(
        t.contains("1 logs found.\n1 logs returned.\n\n1: date=2026-11-23 time=10:00:00"), t);
    assertContainsAll(
        t,
        "logid=\"0100022205\"",
        "FGVM01 # execute log display\n0 logs found.\n",
        "category: traffic\n",
        "Filter: name=c2\n");
    assertTrue(
        t.contains("view-lines must be between 5 and 1000, got 2\nCommand fail. Return code -61\n"),
        t);
    assertTrue(
        t.endsWith(
            "1 logs found.\n1 logs returned.\n\n1: " + t.split("\n1: ")[1].split("\n")[0] + "\n"),
        t);
  }

  @Test
  void backupThenRestoreRoundTripsTheConfiguration(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fgvm01.conf");
    String t =
        console.run(
            "execute backup config file "
                + file
                + "\n"
                + "config system global\nset hostname CHANGED\nend\n"
                + "config system interface\nedit port2\nset ip 10.9.9.1/24\nnext\nend\n"
                + "execute restore config file "
                + file
                + "\n"
                + "y\n"
                + "get system status\n");
    assertTrue(t.contains("Send config file to " + file + " OK.\n"), t);
    assertTrue(
        Files.readString(file)
            .startsWith(
                "#config-version=FGVM64-7.04-FW-build2573-240201:opmode=0:vdom=0:user=admin\n"));
    assertTrue(
        t.contains(
            "CHANGED # execute restore config file "
                + file
                + "\n"
                + "This operation will overwrite the current setting and could possibly reboot the system!\n"
                + "Do you want to continue? (y/n)y\n\nThe system is going down NOW !!\n"),
        t);
    assertTrue(t.contains("FGVM01 # get system status\n"), t);
    assertEquals("FGVM01", console.appliance.hostname());
    assertEquals(
        Ip4.parse("192.168.2.99"),
        console.appliance.findInterface("port2").orElseThrow().address());
    String shownBefore = t.substring(0, 0);
    assertEquals("", shownBefore);

    // A file with refused lines leaves the configuration as it was.
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "config system global\nset hostname OTHER\nset nosuch 1\nend\n");
    String refused =
        console.run(
            "execute restore config file "
                + bad
                + "\nexecute restore config file "
                + dir.resolve("missing.conf")
                + "\n");
    assertTrue(
        refused.contains("refused, configuration unchanged:\nline 3: set nosuch 1"), refused);
    assertTrue(refused.contains("Cannot read config file"), refused);
    assertEquals("FGVM01", console.appliance.hostname());
  }

  @Test
  void badCommandsGiveFortiOsErrorsAndTheScriptStillEndsWithZero() {
    String t =
        console.run(
            """
          frobnicate
          execute date 2026-13-45
          get router info routing-table bogus
          diagnose debug
          config system interface
          edit port1
          set ip 300.1.1.1/24
          abort
          """);
    assertTrue(
        t.contains("FGVM01 # frobnicate\nUnknown action 0\nCommand fail. Return code -1\n"), t);
    assertTrue(
        t.contains(
            "execute date 2026-13-45\ncommand parse error before '2026-13-45'\n"
                + "Command fail. Return code -61\n"),
        t);
    assertContainsAll(
        t,
        "routing-table bogus\ncommand parse error before 'bogus'\n",
        "FGVM01 # diagnose debug\ncommand parse error before 'debug'\n",
        "set ip 300.1.1.1/24\nvalue parse error before '300.1.1.1'\n");
    assertEquals(0, console.exitCode);
    assertEquals(
        Ip4.parse("192.168.1.99"),
        console.appliance.findInterface("port1").orElseThrow().address());
  }

  @Test
  void passwordsAreMaskedInTheTranscript() {
    String t =
        console.run(
            """
          config vpn certificate local
          edit c1
          set scep-password s3cret-challenge
          next
          end
          """);
    assertTrue(t.contains("FGVM01 (c1) # set scep-password *\n"), t);
    assertFalse(t.contains("s3cret-challenge"), t);
  }

  @Test
  void exitEndsTheSessionAtTheTopLevel() {
    String t = console.run("exit\nget system status\n");
    assertEquals("FGVM01 # exit\n", t);
    assertEquals(0, console.exitCode);
  }

  @Test
  void scriptWaitsForTrackedWorkBeforeEnding() {
    var work = new java.util.concurrent.CompletableFuture<String>();
    console.onAppliance(() -> console.firmware.track(work));
    assertTrue(console.firmware.busy());
    assertFalse(console.link.awaitIdle(Duration.ofMillis(50)), "still busy");
    // The work finishes off the mailbox (an IO completion), the count drops on the mailbox.
    work.complete("done");
    assertTrue(console.link.awaitIdle(Duration.ofSeconds(5)));
    assertFalse(console.firmware.busy());
    assertTrue(console.firmware.whenIdle().isDone());
  }

  @Test
  void questionMarkHelpAndCompletionComeFromTheRegistry() {
    String sim = console.link.help("sim clock ");
    assertTrue(sim.contains("advance                   Move simulated time forward.\n"), sim);
    assertTrue(
        sim.contains("speed                     How simulated time runs against real time.\n"),
        sim);
    assertTrue(sim.contains("<Enter>"), sim);
    String rt = console.link.help("get router info routing-table ");
    for (String kind : new String[] {"all", "static", "connected"}) {
      assertTrue(rt.contains(kind + " "), rt);
    }
    assertEquals(java.util.List.of("diagnose"), console.link.complete("diag"));
    assertEquals(
        java.util.List.of("scep", "forticron", "cmp", "sdwanmnger", "lnkmtd", "acme"),
        console.link.complete("diagnose debug application "));
    assertEquals(java.util.List.of("display", "filter"), console.link.complete("execute log "));
    assertEquals(
        java.util.List.of("realtime", "fast-forward"), console.link.complete("sim clock speed "));
  }

  @Test
  void anApplianceThatStopsAnsweringEndsTheScriptWithStatusOne() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    ConsoleLink link =
        ConsoleLink.open(
            console.firmware,
            () -> {
              if (running.get()) {
                console.hv.runUntilIdle();
              }
            },
            Duration.ofMillis(100));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out =
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    running.set(false); // the mailbox is no longer run: as if the appliance hung
    int exit =
        ScriptConsole.run(
            link,
            new java.io.BufferedReader(new java.io.StringReader("get system status\n")),
            out,
            Duration.ofSeconds(1));
    assertEquals(1, exit);
    assertEquals(
        "fwsim: the appliance did not answer within PT0.1S\n",
        bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
