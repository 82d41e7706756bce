package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The factory default appliance and the transcript masking of secrets. */
class FactoryAndMaskTest {
  @Test
  void factoryDefaultHasFourAddressedPortsInRoot() {
    ConfigTree tree = ConfigFiles.factoryDefault("FGVM-LAB");
    assertEquals("FGVM-LAB", tree.hostname());
    assertEquals(
        List.of("port1", "port2", "port3", "port4"),
        tree.view().interfacesOf("root").stream().map(i -> i.name()).toList());
    assertEquals(
        "192.168.3.99/24", tree.view().interfaceNamed("port3").orElseThrow().ip().toString());
    assertEquals(List.of("root"), tree.vdomNames());
  }

  @Test
  void passwordsAreMaskedInEchoedLines() {
    CliSession cli = new CliSession(new ConfigTree());
    assertEquals("set scep-password x", cli.masked("set scep-password x"), "not in an object");
    cli.execute("config vpn certificate local");
    cli.execute("edit c1");
    assertEquals("set scep-password *", cli.masked("set scep-password \"my secret\""));
    assertEquals("  set scep-pass *", cli.masked("  set scep-pass s3cret"));
    assertEquals("set password ENC abc=", cli.masked("set password ENC abc="));
    assertEquals("set scep-url http://x/", cli.masked("set scep-url http://x/"));
  }
}
