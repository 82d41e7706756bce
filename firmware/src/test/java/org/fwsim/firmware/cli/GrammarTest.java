package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table and object verbs: append/select/unselect, rename, delete, purge, show/get in context.
 */
class GrammarTest {
  private final ConfigTree tree = new ConfigTree();
  private final CliSession cli = new CliSession(tree);

  private List<String> allowaccess() {
    return tree.view().interfaceNamed("port1").orElseThrow().allowAccess();
  }

  @Test
  void multiValueVerbs() {
    cli.run(
        "config system interface\nedit port1\nset allowaccess ping\nappend allowaccess https ssh ping\nnext");
    assertEquals(List.of("ping", "https", "ssh"), allowaccess());
    cli.run("edit port1\nunselect allowaccess https\nnext");
    assertEquals(List.of("ping", "ssh"), allowaccess());
    cli.run("edit port1\nselect allowaccess fgfm\nnext");
    assertEquals(List.of("fgfm"), allowaccess());
    cli.run("edit port1\nunset allowaccess\nend");
    assertEquals(List.of(), allowaccess());
  }

  @Test
  void renameKeepsPositionAndDeleteRemoves() {
    cli.run(
        "config vpn certificate ca\nedit a\nnext\nedit b\nnext\nedit c\nnext\nrename b to bb\ndelete a\nend");
    assertEquals(
        List.of("bb", "c"),
        tree.view().vdom("root").orElseThrow().caCertificates().stream()
            .map(c -> c.name())
            .toList());
  }

  @Test
  void purgeAsksThenClears() {
    cli.run("config router static\nedit 1\nset device port1\nnext\nedit 2\nset device port2\nnext");
    assertEquals(
        "This operation will clear all table!\nDo you want to continue? (y/n)",
        cli.execute("purge"));
    cli.execute("y");
    cli.execute("end");
    assertTrue(tree.view().vdom("root").orElseThrow().staticRoutes().isEmpty());
  }

  @Test
  void showAndGetInsideAnEditSeeTheStagedEntry() {
    cli.run("config system interface\nedit port1\nset ip 10.0.0.1/8");
    assertEquals(
        "config system interface\n    edit \"port1\"\n        set vdom \"root\"\n"
            + "        set ip 10.0.0.1 255.0.0.0\n    next\nend\n",
        cli.execute("show"));
    assertTrue(
        cli.execute("get").startsWith("name                : port1\nvdom                : root\n"));
    assertTrue(tree.view().interfaceNamed("port1").isEmpty(), "nothing committed before next");
    cli.execute("next");
    assertTrue(tree.view().interfaceNamed("port1").isPresent());
  }

  @Test
  void endInsideEditCommitsAndLeavesBothLevels() {
    cli.run("config vpn certificate ca\nedit mycert\nset scep-url http://scep.example.com/scep");
    cli.execute("end");
    assertEquals("FGVM01 # ", cli.prompt());
    assertEquals(
        "http://scep.example.com/scep",
        tree.view().vdom("root").orElseThrow().caCertificates().get(0).scepUrl());
  }

  @Test
  void nestedSingletonIsCommittedOnlyWithItsParent() {
    cli.run(
        "config vpn certificate setting\nconfig crl-verification\nset leaf-crl-absence revoke\nend");
    assertTrue(!tree.view().vdom("root").orElseThrow().certificateSetting().crlLeafAbsenceRevoke());
    cli.execute("abort");
    assertTrue(!tree.view().vdom("root").orElseThrow().certificateSetting().crlLeafAbsenceRevoke());
    cli.run(
        "config vpn certificate setting\nconfig crl-verification\nset leaf-crl-absence revoke\nend\nend");
    assertTrue(tree.view().vdom("root").orElseThrow().certificateSetting().crlLeafAbsenceRevoke());
  }
}
