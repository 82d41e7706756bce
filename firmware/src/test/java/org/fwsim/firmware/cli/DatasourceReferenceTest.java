package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datasource references both ways, as FortiOS refuses them: a name missing from its datasource
 * (interfaces, SD-WAN members and health checks, certificates), and deleting an entry other tables
 * still use.
 */
class DatasourceReferenceTest {

  private static final String MISSING =
      "entry not found in datasource\n\nvalue parse error before '%s'\nCommand fail. Return code"
          + " -3\n";

  private ConfigTree tree;
  private CliSession cli;

  @BeforeEach
  void factory() {
    tree = ConfigFiles.factoryDefault("FGVM01");
    cli = new CliSession(tree);
  }

  private String run(String script) {
    return cli.run(script);
  }

  @Test
  void anInterfaceNameMissingFromSystemInterfaceIsRefused() {
    assertEquals(
        MISSING.formatted("port9"),
        run("config router static\nedit 1\nset device \"port9\"\nset device port2\nnext\nend"));
    assertEquals("port2", tree.vdom("root").table("router static").get("1").text("device"), "kept");
    assertEquals(
        MISSING.formatted("port9"),
        run("config vpn certificate setting\nset interface \"port9\"\nset interface port3\nend"));
    assertEquals(
        MISSING.formatted("wan9"),
        run(
            "config system sdwan\nconfig members\nedit 1\nset interface wan9\nset interface port2\n"
                + "next\nend\nend"));
  }

  @Test
  void adminsAndApiUsersNameAnExistingAccprofileWhichCannotBeDeletedWhileUsed() {
    assertEquals(
        MISSING.formatted("nosuch"),
        run(
            "config system admin\nedit ops\nset accprofile nosuch\nset accprofile prof_admin\nnext\nend"));
    assertEquals("prof_admin", tree.global().table("system admin").get("ops").text("accprofile"));
    assertEquals(
        MISSING.formatted("nosuch"),
        run("config system api-user\nedit auto\nset accprofile nosuch\nnext\nend"));
    String refused = run("config system accprofile\ndelete prof_admin\nend");
    assertEquals(
        "The entry is used by other 1 entries\nCommand fail. Return code -23\n", refused, refused);
    assertNotNull(tree.global().table("system accprofile").get("prof_admin"), "kept");
  }

  @Test
  void sdwanMembersAndHealthChecksAreReferencedByTheirSeqAndName() {
    String script =
        """
        config system sdwan
        config members
        edit 1
        set interface port2
        next
        end
        config health-check
        edit ca
        set server 10.5.149.111
        set members 1 2
        set members 1
        next
        end
        config service
        edit 1
        set priority-members 3
        set priority-members 1
        set health-check nope
        set health-check ca
        config sla
        edit nope
        edit ca
        next
        end
        next
        end
        end""";
    assertEquals(
        MISSING.formatted("2")
            + MISSING.formatted("3")
            + MISSING.formatted("nope")
            + MISSING.formatted("nope"),
        run(script));
    assertEquals(
        "The entry is used by other 2 entries\nCommand fail. Return code -23\n"
            + "The entry is used by other 2 entries\nCommand fail. Return code -23\n",
        run(
            "config system sdwan\nconfig members\ndelete 1\nend\n"
                + "config health-check\ndelete ca\nend\nend"));
  }

  @Test
  void anInterfaceInUseCannotBeDeletedUntilNothingUsesIt() {
    run(
        "config system interface\nedit port5\nset ip 192.0.2.1/24\nnext\nend\n"
            + "config router static\nedit 1\nset device port5\nnext\nend\n"
            + "config vpn certificate setting\nset interface-select-method specify\n"
            + "set interface port5\nend");
    assertEquals(
        "The entry is used by other 2 entries\nCommand fail. Return code -23\n",
        run("config system interface\ndelete port5\nend"));
    run(
        "config router static\ndelete 1\nend\n"
            + "config vpn certificate setting\nset interface-select-method auto\nunset interface\nend");
    assertEquals("", run("config system interface\ndelete port5\nend"));
  }

  @Test
  void certificateNamesMustExistAndACertificateInUseStays() {
    assertEquals(
        MISSING.formatted("nope"),
        run("config vpn certificate setting\nset certname-rsa2048 nope\nend"));
  }
}
