package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datasource references both ways, as FortiOS refuses them: a name missing from its datasource
 * (interfaces, VDOMs, SD-WAN zones, members and health checks, certificates, profiles), deleting an
 * entry or purging a table other tables still use; and renames, which take the references along.
 */
class DatasourceReferenceTest {

  private static final String MISSING =
      "entry not found in datasource\n\nvalue parse error before '%s'\nCommand fail. Return code"
          + " -3\n";

  private static final String IN_USE =
      "The entry is used by other %d entries\nCommand fail. Return code -23\n";

  /** An SD-WAN zone {@code backup} and member 1 on port2, left in its {@code edit}. */
  private static final String BACKUP_ZONE_PORT2 =
      "config system sdwan\nconfig zone\nedit backup\nnext\nend\nconfig members\nedit 1\n"
          + "set interface port2\n";

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

  @Test
  void vdomsAreADatasourceAndAVdomInUseCannotBeDeleted() {
    cli.setAutoConfirm(true);
    run("config system global\nset vdom-mode multi-vdom\nend\nconfig vdom\nedit cust\nnext\nend");
    assertEquals(
        MISSING.formatted("nosuch").repeat(4),
        run(
            """
            config global
            config system interface
            edit port3
            set vdom nosuch
            set vdom cust
            next
            end
            config system admin
            edit ops
            set accprofile prof_admin
            set vdom nosuch
            set vdom cust
            next
            end
            config system api-user
            edit auto
            set vdom root nosuch
            set vdom cust
            next
            end
            config system global
            set management-vdom nosuch
            end
            end"""));
    assertEquals("cust", tree.global().table("system interface").get("port3").text("vdom"));
    assertEquals(
        "current vf=cust:1\n" + MISSING.formatted("nosuch"),
        run(
            "config vdom\nedit cust\nconfig vpn certificate crl\nedit c\nset update-vdom nosuch\n"
                + "next\nend\nend"));
    // The interface, the administrator and the API user name cust; its own CRL does not count.
    assertEquals(IN_USE.formatted(3), run("config vdom\ndelete cust\nend"));
    assertNotNull(tree.vdom("cust"), "kept");
    run(
        """
        config global
        config system interface
        edit port3
        set vdom root
        next
        end
        config system admin
        edit ops
        set vdom root
        next
        end
        config system api-user
        edit auto
        set vdom root
        next
        end
        end""");
    assertEquals("", run("config vdom\ndelete cust\nend"));
    assertEquals(java.util.List.of("root"), tree.vdomNames());
  }

  @Test
  void theAdminServerCertificateIsALocalCertificate() {
    assertEquals(
        MISSING.formatted("nope"), run("config system global\nset admin-server-cert nope\nend"));
    run(
        "config vpn certificate local\nedit web\nnext\nend\n"
            + "config system global\nset admin-server-cert web\nend");
    assertEquals(IN_USE.formatted(1), run("config vpn certificate local\ndelete web\nend"));
    // A file prints system global before the certificates: restoring it still works.
    ConfigTree reloaded = new ConfigTree();
    assertDoesNotThrow(
        () ->
            ConfigFiles.load(
                reloaded, new java.io.StringReader(ConfigFiles.fullConfiguration(tree))));
    assertEquals("web", reloaded.global().singleton("system global").text("admin-server-cert"));
  }

  @Test
  void anInterfaceNamingOneCreatedAfterItRestores() {
    run(
        "config system interface\nedit port9\nset vdom root\nnext\n"
            + "edit uplink\nset vdom root\nnext\nedit port9\nset interface uplink\nnext\nend");
    ConfigTree reloaded = new ConfigTree();
    assertDoesNotThrow(
        () ->
            ConfigFiles.load(
                reloaded, new java.io.StringReader(ConfigFiles.fullConfiguration(tree))));
    assertEquals(
        "uplink", reloaded.global().table("system interface").get("port9").text("interface"));
  }

  @Test
  void sdwanZonesAreADatasourceForMembersRulesAndStaticRoutes() {
    String script =
        BACKUP_ZONE_PORT2
            + """
        set zone nosuch
        set zone virtual-wan-link
        next
        edit 2
        set interface port3
        set zone backup
        next
        end
        config service
        edit 1
        set priority-zone nosuch
        set priority-zone backup
        next
        end
        end
        config router static
        edit 7
        set sdwan-zone nosuch
        set sdwan-zone backup virtual-wan-link
        next
        end""";
    assertEquals(MISSING.formatted("nosuch").repeat(3), run(script));
    assertEquals(
        java.util.List.of("backup", "virtual-wan-link"),
        tree.vdom("root").table("router static").get("7").list("sdwan-zone"));
    // Member 2, rule 1 and the static route name the zone.
    assertEquals(
        IN_USE.formatted(3), run("config system sdwan\nconfig zone\ndelete backup\nend\nend"));
    assertEquals(
        IN_USE.formatted(3),
        run("config system sdwan\nconfig zone\npurge\nend\nend"),
        "a purge is refused before its question");
    assertNotNull(tree.vdom("root").singleton("system sdwan").table("zone").get("backup"), "kept");
  }

  @Test
  void aRenameTakesItsReferencesAlong() {
    run(
        """
        config vpn certificate local
        edit old
        next
        end
        config vpn certificate setting
        set certname-rsa2048 old
        end
        config system accprofile
        rename prof_admin to ops_profile
        end
        config system admin
        edit ops
        set accprofile ops_profile
        next
        end
        config vpn certificate local
        rename old to new
        end
        """
            + BACKUP_ZONE_PORT2
            + """
        set zone backup
        next
        end
        config health-check
        edit ca
        set server 10.5.149.111
        set members 1
        next
        end
        config service
        edit 1
        set priority-members 1
        set priority-zone backup
        set health-check ca
        config sla
        edit ca
        next
        end
        next
        end
        end
        config router static
        edit 7
        set sdwan-zone backup
        next
        end
        config system sdwan
        config zone
        rename backup to wan
        end
        config members
        rename 1 to 4
        end
        config health-check
        rename ca to fac
        end
        end""");
    assertEquals(
        "new", tree.vdom("root").singleton("vpn certificate setting").text("certname-rsa2048"));
    ConfigObject sdwan = tree.vdom("root").singleton("system sdwan");
    assertEquals("wan", sdwan.table("members").get("4").text("zone"));
    assertEquals(java.util.List.of("4"), sdwan.table("health-check").get("fac").list("members"));
    ConfigObject rule = sdwan.table("service").get("1");
    assertEquals(java.util.List.of("4"), rule.list("priority-members"));
    assertEquals(java.util.List.of("wan"), rule.list("priority-zone"));
    assertEquals(java.util.List.of("fac"), rule.list("health-check"));
    assertEquals(java.util.List.of("fac"), rule.table("sla").keys());
    assertEquals(
        java.util.List.of("wan"),
        tree.vdom("root").table("router static").get("7").list("sdwan-zone"));
    assertEquals(
        IN_USE.formatted(1),
        run("config system accprofile\ndelete ops_profile\nend"),
        "the admin follows the renamed profile");
    assertEquals(
        MISSING.formatted("nope"),
        run(
            "config system sdwan\nconfig service\nedit 1\nconfig sla\nrename fac to nope\nend\nend\nend"));
  }

  @Test
  void anInterfaceKeepsItsNameAndATableInUseIsNotPurged() {
    assertEquals(
        "command parse error before 'rename'\nCommand fail. Return code -61\n",
        run("config system interface\nrename port2 to wan\nend"));
    assertEquals(
        IN_USE.formatted(1), run("config system accprofile\npurge\nend"), "admin names one");
    assertNotNull(tree.global().table("system accprofile").get("prof_admin"), "nothing purged");
  }
}
