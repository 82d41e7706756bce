package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expansion of fleet templates: variables, directives, the shipped default, and errors. */
class FleetTemplateTest {

  private static final Map<String, String> FLEET =
      Map.of(
          "ca_url",
          "http://10.5.149.111/app/cert/scep/",
          "scep_password",
          "s3cret",
          "cert_name",
          "FAC_SCEP");

  @Test
  void variablesAreReplacedPerDevice() {
    FleetTemplate t =
        FleetTemplate.parse(
            String.join(
                "\n",
                "# a comment that never reaches the appliance",
                "config system global",
                "    set hostname \"$(devname)\"",
                "    set alias \"$(serial)-$(index)\"",
                "end",
                "config system interface",
                "    edit \"port1\"",
                "        set ip $(wan1_ip) $(wan1_mask)",
                "    next",
                "end"),
            "t.conf");
    String cli = t.expand(DevicePlan.of(42, 2), FLEET);
    assertEquals(
        String.join(
            "\n",
            "config system global",
            "    set hostname \"FGT-00042\"",
            "    set alias \"FGVM02TM00000042-42\"",
            "end",
            "config system interface",
            "    edit \"port1\"",
            "        set ip 100.64.5.65 255.255.255.252",
            "    next",
            "end",
            ""),
        cli);
  }

  @Test
  void loopsAndConditionsFollowTheVdomCount() {
    FleetTemplate t =
        FleetTemplate.parse(
            String.join(
                "\n",
                "#if multi-vdom",
                "config vdom",
                "#foreach vdom",
                "edit $(vdom) $(vdom_index) $(vdom_port) $(vdom_gw)",
                "#end",
                "#end",
                "#if single-vdom",
                "single $(vdom_mode)",
                "#end",
                "#foreach port",
                "port $(port) in $(port_vdom)",
                "#end"),
            "t.conf");
    assertEquals(
        String.join(
            "\n",
            "config vdom",
            "edit root 0 port1 100.64.0.2",
            "edit vd1 1 port2 100.64.0.6",
            "edit vd2 2 port3 100.64.0.10",
            "port port1 in root",
            "port port2 in vd1",
            "port port3 in vd2",
            ""),
        t.expand(DevicePlan.of(0, 3), Map.of()));
    assertEquals(
        String.join("\n", "single no-vdom", "port port1 in root", "port port2 in root", ""),
        t.expand(DevicePlan.of(0, 1), Map.of()));
  }

  @Test
  void unknownVariableNamesItselfAndItsLine() {
    FleetTemplate t =
        FleetTemplate.parse("config system global\n    set hostname $(hostnme)\nend\n", "my.conf");
    TemplateException e =
        assertThrows(TemplateException.class, () -> t.expand(DevicePlan.of(1, 1), FLEET));
    assertTrue(e.getMessage().startsWith("my.conf:2: unknown variable $(hostnme)"), e.getMessage());
    assertTrue(e.getMessage().contains("devname"), e.getMessage());
    // Loop variables exist only inside their loop.
    FleetTemplate outside =
        FleetTemplate.parse("#foreach vdom\n$(vdom)\n#end\n$(vdom)\n", "o.conf");
    assertTrue(
        assertThrows(TemplateException.class, () -> outside.expand(DevicePlan.of(0, 2), FLEET))
            .getMessage()
            .startsWith("o.conf:4: unknown variable $(vdom)"));
  }

  @Test
  void malformedTemplatesAreRejectedWithTheLine() {
    assertEquals("a.conf:3: '#foreach vdom' has no #end", refusal("x\ny\n#foreach vdom\nz\n"));
    assertEquals("a.conf:1: #end without #foreach or #if", refusal("#end\n"));
    String foreach = refusal("#foreach interface\n#end\n");
    assertTrue(foreach.startsWith("a.conf:1: #foreach takes 'vdom' or 'port'"), foreach);
    assertEquals(
        "a.conf:2: #if takes 'multi-vdom' or 'single-vdom', got '#if'", refusal("x\n#if\n#end\n"));
    String variable = refusal("ok\nset ip $(wan1_ip\n");
    assertTrue(variable.startsWith("a.conf:2: malformed variable at column 8"), variable);
  }

  /** Why the template {@code a.conf} with {@code text} is refused. */
  private static String refusal(String text) {
    return assertThrows(TemplateException.class, () -> FleetTemplate.parse(text, "a.conf"))
        .getMessage();
  }

  @Test
  void defaultTemplateRoutesEveryVdomTowardsTheCa() {
    String cli = FleetTemplate.defaultTemplate().expand(DevicePlan.of(7, 2), FLEET);
    assertTrue(cli.contains("set hostname \"FGT-00007\""), cli);
    assertTrue(cli.contains("set vdom-mode multi-vdom"), cli);
    // The certificate entries are made by 'execute vpn certificate local generate' (the storm).
    assertEquals(0, count(cli, "config vpn certificate local"), cli);
    assertEquals(2, count(cli, "config router static"), cli);
    assertTrue(
        cli.contains(
            "edit vd1\nconfig router static\n    edit 1\n        set gateway 100.64.0.230"),
        cli);
    assertFalse(cli.contains("#") || cli.contains("$("), cli);
    // config/end and edit/next stay balanced, in one VDOM as in several.
    for (int vdoms = 1; vdoms <= 3; vdoms++) {
      String c = FleetTemplate.defaultTemplate().expand(DevicePlan.of(3, vdoms), FLEET);
      assertEquals(countLines(c, "config "), countLines(c, "end"), c);
      assertEquals(countLines(c, "edit "), countLines(c, "next"), c);
    }
    String single = FleetTemplate.defaultTemplate().expand(DevicePlan.of(3, 1), FLEET);
    assertFalse(single.contains("config vdom"), single);
    assertEquals(1, count(single, "config router static"), single);
  }

  @Test
  void shippedExampleIsTheDefaultTemplate() throws Exception {
    // The class-path copy must not drift from the file users read in src/examples.
    Path example =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("src/examples/fleet-template.conf");
    try (var in = FleetTemplate.class.getResourceAsStream(FleetTemplate.DEFAULT_RESOURCE)) {
      assertEquals(
          Files.readString(example),
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + what.length())) {
      n++;
    }
    return n;
  }

  private static long countLines(String cli, String prefix) {
    return cli.lines()
        .map(String::strip)
        .filter(l -> l.startsWith(prefix) || l.equals(prefix))
        .count();
  }
}
