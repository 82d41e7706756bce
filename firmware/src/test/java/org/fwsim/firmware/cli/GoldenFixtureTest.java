package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real-syntax snippets per table: typed into a fresh appliance, then shown back. */
class GoldenFixtureTest {
  static Stream<String> fixtures() {
    return Stream.of(
        "kb-420924-scep-renewal",
        "kb-262267-scep-enrollment",
        "system-interface",
        "router-static",
        "system-global",
        "system-sdwan",
        "vpn-certificate-setting",
        "vpn-certificate-ca",
        "vpn-certificate-crl",
        "multi-vdom");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void snippetShowsBackAsGolden(String name) throws IOException {
    CliSession cli = typed(name);
    assertEquals(resource(name + ".show"), cli.execute("show"), name + ".show");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void getAndFullConfigurationMatchGolden(String name) throws IOException {
    CliSession cli = typed(name);
    String get = optionalResource(name + ".get");
    if (get != null) {
      int nl = get.indexOf('\n');
      assertEquals(get.substring(nl + 1), cli.execute(get.substring(0, nl)), name + ".get");
    }
    String full = optionalResource(name + ".full");
    if (full != null) {
      int nl = full.indexOf('\n');
      String out = cli.execute(full.substring(0, nl));
      assertTrue(
          out.contains(full.substring(nl + 1)), name + ".full excerpt missing from:\n" + out);
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void snippetSurvivesSaveAndLoad(String name) throws Exception {
    CliSession cli = typed(name);
    ConfigTree reloaded = new ConfigTree();
    ConfigFiles.load(reloaded, new java.io.StringReader(ConfigFiles.fullConfiguration(cli.tree())));
    assertEquals(cli.execute("show"), new CliSession(reloaded).execute("show"));
  }

  private static CliSession typed(String name) throws IOException {
    CliSession cli = new CliSession(new ConfigTree());
    List<String> lines = resource(name + ".conf").lines().toList();
    for (String line : lines) {
      String out = cli.execute(line);
      assertFalse(out.contains("Command fail"), name + ": '" + line + "' -> " + out);
    }
    assertEquals(
        "FGVM01 # ".replace("FGVM01", cli.tree().hostname()),
        cli.prompt(),
        name + " must leave the CLI at the top");
    return cli;
  }

  static String resource(String name) throws IOException {
    String s = optionalResource(name);
    if (s == null) {
      throw new IOException("missing fixture " + name);
    }
    return s;
  }

  static String optionalResource(String name) throws IOException {
    try (InputStream in = GoldenFixtureTest.class.getResourceAsStream("/cli/golden/" + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
