package org.fwsim.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.RoutingSnapshot;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A commit of one entry on a large configuration converts that entry, not the whole configuration:
 * a script of N single-entry commits (a netmiko or REST collection) must stay linear in N.
 */
class SingleEntryCommitTest {

  private static final int INTERFACES = 1_000;

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).build();

  @AfterEach
  void close() {
    hv.close();
  }

  /** {@code n} interfaces in root, each with its own /30, and port9 with a route in VDOM cust. */
  private static ConfigTree large(int n) throws Exception {
    StringBuilder conf =
        new StringBuilder(
            """
            config system global
            set vdom-mode multi-vdom
            end
            config vdom
            edit cust
            next
            end
            config global
            config system interface
            edit port9
            set vdom cust
            set ip 10.9.0.1 255.255.255.0
            next
            """);
    for (int i = 1; i <= n; i++) {
      conf.append("edit v").append(i).append("\nset vdom root\nset ip 10.1.");
      conf.append(i / 64).append('.').append(i % 64 * 4 + 1).append(" 255.255.255.252\nnext\n");
    }
    conf.append(
        """
        end
        end
        config vdom
        edit cust
        config router static
        edit 1
        set gateway 10.9.0.254
        set device port9
        next
        end
        next
        end
        """);
    ConfigTree tree = new ConfigTree();
    ConfigFiles.load(tree, new StringReader(conf.toString()));
    return tree;
  }

  private <T> T onMailbox(Appliance a, Callable<T> task) {
    CompletableFuture<T> f = a.call(task);
    hv.runUntilIdle();
    return f.join();
  }

  @Test
  void deletingOneInterfacePublishesOnlyItsVdomsTableAndOnlyOnce() throws Exception {
    Appliance a = hv.newAppliance("FGVM01TM26000011", "FGVM01");
    CompletableFuture<Firmware> booted =
        Firmware.boot(hv, a, large(INTERFACES), FirmwareCommands.newRegistry());
    hv.runUntilIdle();
    Firmware fw = booted.join();
    long root = a.vdoms().root().routes().version();
    long cust = a.vdoms().find("cust").orElseThrow().routes().version();

    String out =
        onMailbox(
            a,
            () ->
                fw.newSession()
                    .run("config global\nconfig system interface\n" + "delete v500\nend\nend"));

    assertEquals(INTERFACES, a.interfaces().size(), out);
    assertEquals(1, a.vdoms().root().routes().version() - root, "root's publishes");
    assertEquals(
        0, a.vdoms().find("cust").orElseThrow().routes().version() - cust, "cust's publishes");
  }

  @Test
  void aSingleEntryCommitConvertsOnlyThatInterface() throws Exception {
    ConfigTree tree = large(INTERFACES);
    Appliance a = hv.newAppliance("FGVM01TM26000012", "FGVM01");
    HalConversion hal = new HalConversion(a);
    CliSession cli = new CliSession(tree);
    onMailbox(a, () -> convert(hal, tree));
    assertEquals(INTERFACES + 1, hal.interfacesConverted(), "the boot converts them all");

    onMailbox(
        a,
        () -> {
          cli.run("config global\nconfig system interface\nedit v10\nset status down\nend\nend");
          return convert(hal, tree);
        });
    assertEquals(1, hal.interfacesConverted());
    assertEquals(NetworkInterface.Status.DOWN, a.findInterface("v10").orElseThrow().status());

    onMailbox(
        a,
        () -> {
          cli.run("config global\nconfig system interface\ndelete v11\nend\nend");
          return convert(hal, tree);
        });
    assertEquals(0, hal.interfacesConverted());
    assertEquals(INTERFACES, a.interfaces().size());

    onMailbox(
        a,
        () -> {
          cli.run(
              "config vdom\nedit cust\nconfig router static\nedit 2\nset device port9\nend\n"
                  + "next\nend");
          return convert(hal, tree);
        });
    assertEquals(0, hal.interfacesConverted(), "a route converts no interface");
  }

  @Test
  void singleEntryCommitsLeaveTheHalAsAWholeConversionWould() throws Exception {
    ConfigTree tree = large(50);
    Appliance stepped = hv.newAppliance("FGVM01TM26000013", "FGVM01");
    HalConversion hal = new HalConversion(stepped);
    CliSession cli = new CliSession(tree);
    onMailbox(stepped, () -> convert(hal, tree));
    String[] commits = {
      "config global\nconfig system interface\nedit v1\nset ip 10.7.0.1 255.255.255.0\nend\nend",
      "config global\nconfig system interface\nedit v2\nset vdom cust\nend\nend",
      "config global\nconfig system interface\ndelete v3\nend\nend",
      "config global\nconfig system interface\nedit w1\nset vdom cust\n"
          + "set ip 10.8.0.1 255.255.255.0\nend\nend",
      "config global\nconfig system interface\nedit port9\nset status down\nend\nend",
      "config vdom\nedit cust\nconfig router static\nedit 2\nset device w1\n"
          + "set gateway 10.8.0.254\nend\nnext\nend",
      "config global\nconfig system interface\nedit port9\nset status up\nend\nend",
    };
    for (String commit : commits) {
      onMailbox(
          stepped,
          () -> {
            cli.run(commit);
            return convert(hal, tree);
          });
    }
    Appliance whole = hv.newAppliance("FGVM01TM26000014", "FGVM01");
    onMailbox(whole, () -> convert(new HalConversion(whole), tree));

    assertEquals(whole.interfaces(), stepped.interfaces());
    for (String vdom : whole.vdoms().all().keySet()) {
      RoutingSnapshot want = whole.vdoms().find(vdom).orElseThrow().routes();
      RoutingSnapshot got = stepped.vdoms().find(vdom).orElseThrow().routes();
      assertEquals(want.formatAll(), got.formatAll(), vdom);
    }
    assertEquals(whole.vdoms().all().keySet(), stepped.vdoms().all().keySet());
  }

  private static Void convert(HalConversion hal, ConfigTree tree) {
    hal.apply(tree.view());
    return null;
  }
}
