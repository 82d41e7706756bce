package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input prints the FortiOS error text and leaves the configuration as it was. */
class ErrorCasesTest {
  private CliSession cli;
  private String before;

  @BeforeEach
  void setUp() {
    cli = new CliSession(new ConfigTree());
    cli.run(
        """
        config system interface
        edit port1
        set ip 192.168.1.99 255.255.255.0
        next
        end
        config vpn certificate local
        edit FAC_SCEP
        set scep-url "http://10.5.149.111/app/cert/scep/"
        next
        end""");
    before = cli.execute("show full-configuration");
  }

  private void assertFails(String expected, String... lines) {
    StringBuilder out = new StringBuilder();
    for (String l : lines) {
      out.append(cli.execute(l));
    }
    assertEquals(expected, out.toString());
    while (!cli.prompt().equals("FGVM01 # ")) {
      cli.execute("abort");
      cli.execute("end");
    }
    assertEquals(before, cli.execute("show full-configuration"), "configuration must be untouched");
  }

  @Test
  void unknownTopLevelCommand() {
    assertFails("Unknown action 0\nCommand fail. Return code -1\n", "frobnicate");
  }

  @Test
  void unknownConfigPath() {
    assertFails(
        "command parse error before 'nosuch'\nCommand fail. Return code -61\n",
        "config system nosuch");
  }

  @Test
  void unknownAttribute() {
    assertFails(
        "command parse error before 'mtu-size'\nCommand fail. Return code -61\n",
        "config system interface",
        "edit port1",
        "set mtu-size 1400");
  }

  @Test
  void invalidEnumValueIsNotStaged() {
    assertFails(
        "command parse error before 'sometimes'\nCommand fail. Return code -61\n",
        "config vpn certificate local",
        "edit FAC_SCEP",
        "set enroll-protocol sometimes",
        "next",
        "end");
  }

  @Test
  void integerOutOfRange() {
    assertFails(
        "value parse error before '4097'\nCommand fail. Return code -61\n",
        "config vpn certificate local",
        "edit FAC_SCEP",
        "set acme-rsa-key-size 4097",
        "end");
  }

  @Test
  void stringTooLong() {
    String tooLong = "x".repeat(36);
    assertFails(
        "value parse error before '" + tooLong + "'\nCommand fail. Return code -61\n",
        "config vpn certificate local",
        "edit " + tooLong);
  }

  @Test
  void badAddressAndMask() {
    assertFails(
        "value parse error before '255.0.255.0'\nCommand fail. Return code -61\n",
        "config system interface",
        "edit port1",
        "set ip 10.0.0.1 255.0.255.0",
        "next",
        "end");
    assertFails(
        "value parse error before '10.0.0.1/33'\nCommand fail. Return code -61\n",
        "config system interface",
        "edit port1",
        "set ip 10.0.0.1/33",
        "next",
        "end");
    assertFails(
        "value parse error before '10.0.0.300'\nCommand fail. Return code -61\n",
        "config system interface",
        "edit port1",
        "set ip 10.0.0.300/24",
        "next",
        "end");
  }

  @Test
  void routeDestinationWithHostBits() {
    assertFails(
        "value parse error before '10.1.1.1/8'\nCommand fail. Return code -61\n",
        "config router static",
        "edit 1",
        "set dst 10.1.1.1/8",
        "abort");
  }

  @Test
  void readOnlyStateCannotBeSet() {
    assertFails(
        "command parse error before 'state'\nCommand fail. Return code -61\n",
        "config vpn certificate local",
        "edit FAC_SCEP",
        "set state OK",
        "end");
  }

  @Test
  void failingBlockIsNotCommittedEvenWithGoodSetsBeforeIt() {
    assertFails(
        "node_check_object fail! for interface \n\nCommand fail. Return code -651\n",
        "config vpn certificate setting",
        "set cert-expire-warning 30",
        "set interface-select-method specify",
        "end");
  }

  @Test
  void failingEditIsDiscardedAtNext() {
    assertFails(
        "node_check_object fail! for device \n\nCommand fail. Return code -651\n",
        "config router static",
        "edit 0",
        "set gateway 10.0.0.1",
        "next",
        "end");
  }

  @Test
  void vlanWithoutParentIsRefused() {
    assertFails(
        "node_check_object fail! for interface \n\nCommand fail. Return code -651\n",
        "config system interface",
        "edit vlan100",
        "set type vlan",
        "set vlanid 100",
        "next",
        "end");
  }

  @Test
  void deleteMissingEntry() {
    assertFails(
        "entry not found in datasource\nCommand fail. Return code -3\n",
        "config vpn certificate local",
        "delete nosuch",
        "end");
  }

  @Test
  void interfaceInMissingVdom() {
    assertFails(
        "entry not found in datasource\n\nvalue parse error before 'customer'\n"
            + "Command fail. Return code -3\n",
        "config system interface",
        "edit port1",
        "set vdom customer",
        "next",
        "end");
  }

  @Test
  void abortDiscardsTheEdit() {
    assertFails(
        "",
        "config system interface",
        "edit port1",
        "set ip 10.9.9.9/24",
        "set alias changed",
        "abort");
  }

  @Test
  void configGlobalOnlyInMultiVdom() {
    assertFails(
        "command parse error before 'global'\nCommand fail. Return code -61\n", "config global");
  }

  @Test
  void wrongContextCommand() {
    assertFails(
        "command parse error before 'set'\nCommand fail. Return code -61\n",
        "config system interface",
        "set ip 1.1.1.1/24",
        "end");
  }

  @Test
  void renameToExistingName() {
    assertFails(
        "value parse error before 'FAC_SCEP'\nCommand fail. Return code -61\n",
        "config vpn certificate local",
        "edit other",
        "next",
        "rename other to FAC_SCEP",
        "delete other",
        "end");
  }
}
