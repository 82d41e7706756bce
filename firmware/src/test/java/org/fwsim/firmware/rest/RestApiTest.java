package org.fwsim.firmware.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.admin.Admins;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API over one booted appliance: an api-user's token from {@code execute api-user
 * generate-key}, cmdb GET/POST/PUT/DELETE over the CLI schema in FortiOS's envelope, FortiOS's
 * error answers, trusthost, accprofile and vdom enforced, and writes that go through the CLI (so a
 * refused value changes nothing).
 */
class RestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ADMIN_PC = Ip4.parse("10.0.0.5");

  private Hypervisor hv;
  private Firmware fw;
  private RestApi api;
  private String token;

  @BeforeEach
  void boot() {
    hv = TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).build();
    Appliance a = hv.newAppliance("FGVM01TM26000042", "FGVM01");
    CompletableFuture<Firmware> f =
        Firmware.boot(hv, a, Firmware.labDefault("FGVM01"), FirmwareCommands.newRegistry());
    hv.runUntilIdle();
    fw = f.join();
    api = onMailbox(fw::restApi);
    token = newUser("automation", "super_admin", "10.0.0.0/8");
  }

  @AfterEach
  void close() {
    hv.close();
  }

  private <T> T onMailbox(Callable<T> task) {
    CompletableFuture<T> f = fw.appliance().call(task);
    hv.runUntilIdle();
    return f.join();
  }

  private String cli(String script) {
    return onMailbox(() -> fw.newSession().run(script));
  }

  private String newUser(String name, String profile, String trusthost) {
    cli(
        "config system api-user\nedit "
            + name
            + "\nset accprofile "
            + profile
            + "\nconfig trusthost\nedit 1\nset ipv4-trusthost "
            + trusthost
            + "\nnext\nend\nnext\nend");
    String out = cli("execute api-user generate-key " + name);
    Matcher m = Pattern.compile("New API key: (\\S+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  private record Answer(int status, JsonNode json) {}

  private Answer call(String method, String pathAndQuery, String body) {
    return call(method, pathAndQuery, body, token, ADMIN_PC);
  }

  private Answer call(String method, String pathAndQuery, String body, String key, int source) {
    String path = pathAndQuery;
    Map<String, List<String>> query = new HashMap<>();
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      path = pathAndQuery.substring(0, q);
      for (String kv : pathAndQuery.substring(q + 1).split("&")) {
        String[] p = kv.split("=", 2);
        query.computeIfAbsent(p[0], k -> new java.util.ArrayList<>()).add(p[1]);
      }
    }
    Map<String, String> headers = key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
    return answer(new RestRequest(method, path, query, body, source, headers));
  }

  private Answer answer(RestRequest req) {
    RestResponse r = onMailbox(() -> api.handle(req));
    try {
      return new Answer(r.status(), JSON.readTree(r.body()));
    } catch (Exception e) {
      throw new AssertionError(r.body(), e);
    }
  }

  @Test
  void getsATableInFortiOsShapeAndEnvelope() {
    Answer a = call("GET", "/api/v2/cmdb/system/interface?format=name|ip|allowaccess", null);
    assertEquals(200, a.status());
    JsonNode env = a.json();
    assertEquals("GET", env.get("http_method").asText());
    assertEquals("success", env.get("status").asText());
    assertEquals(200, env.get("http_status").asInt());
    assertEquals("system", env.get("path").asText());
    assertEquals("interface", env.get("name").asText());
    assertEquals("root", env.get("vdom").asText());
    assertEquals("FGVM01TM26000042", env.get("serial").asText());
    assertEquals("v7.4.3", env.get("version").asText());
    assertEquals(2573, env.get("build").asInt());
    JsonNode port1 = env.get("results").get(0);
    assertEquals("port1", port1.get("name").asText());
    assertEquals("192.168.1.99 255.255.255.0", port1.get("ip").asText());
    assertFalse(port1.has("vdom"), "format= limits the fields");

    Answer one = call("GET", "/api/v2/cmdb/router/static/1", null);
    assertEquals(1, one.json().get("results").get(0).get("seq-num").asInt());
    assertEquals("192.168.1.1", one.json().get("results").get(0).get("gateway").asText());

    Answer filtered = call("GET", "/api/v2/cmdb/system/interface?filter=name==port2", null);
    assertEquals(1, filtered.json().get("results").size());
    assertEquals("port2", filtered.json().get("results").get(0).get("name").asText());

    Answer global = call("GET", "/api/v2/cmdb/system/global", null);
    assertEquals("FGVM01", global.json().get("results").get("hostname").asText());
    assertEquals(5, global.json().get("results").get("admintimeout").asInt());
  }

  @Test
  void postPutDeleteGoThroughTheCli() {
    Answer created =
        call(
            "POST",
            "/api/v2/cmdb/router/static",
            "{\"seq-num\": 7, \"dst\": \"10.9.0.0 255.255.0.0\", \"gateway\": \"192.168.2.1\","
                + " \"device\": \"port2\"}");
    assertEquals(200, created.status(), created.json().toString());
    assertEquals(7, created.json().get("mkey").asInt());
    assertTrue(cli("show router static").contains("edit 7"));
    assertEquals(
        "port2",
        fw.appliance().vdoms().root().routes().lookup(Ip4.parse("10.9.1.1")).orElseThrow().device(),
        "the commit reached the HAL as a CLI commit does");

    Answer dup = call("POST", "/api/v2/cmdb/router/static", "{\"seq-num\": 7}");
    assertEquals(500, dup.status());
    assertEquals(-5, dup.json().get("error").asInt());

    Answer put =
        call("PUT", "/api/v2/cmdb/system/interface/port2", "{\"allowaccess\": \"ping https ssh\"}");
    assertEquals(200, put.status(), put.json().toString());
    assertTrue(cli("show system interface port2").contains("set allowaccess ping https ssh"));

    Answer bad = call("PUT", "/api/v2/cmdb/system/interface/port2", "{\"mode\": \"bogus\"}");
    assertEquals(500, bad.status());
    assertEquals(-61, bad.json().get("error").asInt());
    assertTrue(cli("show system interface port2").contains("set allowaccess ping https ssh"));

    Answer deleted = call("DELETE", "/api/v2/cmdb/router/static/7", null);
    assertEquals(200, deleted.status());
    assertFalse(cli("show router static").contains("edit 7"));

    Answer gone = call("DELETE", "/api/v2/cmdb/router/static/7", null);
    assertEquals(404, gone.status());
    assertEquals(-3, gone.json().get("error").asInt());
    assertEquals(-3, call("PUT", "/api/v2/cmdb/router/static/7", "{}").json().get("error").asInt());
  }

  @Test
  void badRequestsGetFortiOsAnswers() {
    assertEquals(404, call("GET", "/api/v2/cmdb/system/nosuch", null).status());
    assertEquals(404, call("GET", "/api/v2/monitor/nosuch/thing", null).status());
    assertEquals(405, call("PATCH", "/api/v2/cmdb/system/interface/port1", "{}").status());
    assertEquals(405, call("DELETE", "/api/v2/cmdb/system/global", null).status());
    assertEquals(400, call("POST", "/api/v2/cmdb/router/static", "{not json").status());
    assertEquals(400, call("GET", "/api/v2/cmdb/system/interface?vdom=nosuch", null).status());
    String big = "{\"comments\": \"" + "x".repeat(RestApi.MAX_BODY) + "\"}";
    assertEquals(413, call("PUT", "/api/v2/cmdb/system/global", big).status());
  }

  @Test
  void aControlCharacterInAValueIsRefused() {
    // JSON carries ESC as \u001b; the CLI behind the REST API refuses it as the console does.
    Answer esc =
        call("PUT", "/api/v2/cmdb/system/interface/port2", "{\"alias\": \"x\\u001b[2Jy\"}");
    assertEquals(500, esc.status(), esc.json().toString());
    assertEquals(-61, esc.json().get("error").asInt());
    assertFalse(cli("show system interface port2").contains("\u001b"));
  }

  @Test
  void tokensTrusthostAndProfilesAreEnforced() {
    assertEquals(401, call("GET", "/api/v2/cmdb/system/global", null, null, ADMIN_PC).status());
    assertEquals(401, call("GET", "/api/v2/cmdb/system/global", null, "wrong", ADMIN_PC).status());
    assertEquals(
        401,
        call("GET", "/api/v2/cmdb/system/global", null, token, Ip4.parse("172.16.0.1")).status(),
        "outside the trusthost");
    // access_token= works as the header does.
    assertEquals(
        200,
        call("GET", "/api/v2/cmdb/system/global?access_token=" + token, null, null, ADMIN_PC)
            .status());

    cli("config system accprofile\nedit readonly\nset netgrp read\nset sysgrp read\nnext\nend");
    String reader = newUser("reader", "readonly", "0.0.0.0/0");
    assertEquals(200, call("GET", "/api/v2/cmdb/router/static", null, reader, ADMIN_PC).status());
    Answer denied =
        call("POST", "/api/v2/cmdb/router/static", "{\"seq-num\": 9}", reader, ADMIN_PC);
    assertEquals(403, denied.status());
    assertEquals(-14, denied.json().get("error").asInt());
    assertFalse(cli("show router static").contains("edit 9"));
    String nobody = newUser("nobody", "missing-profile", "0.0.0.0/0");
    assertEquals(403, call("GET", "/api/v2/cmdb/router/static", null, nobody, ADMIN_PC).status());

    // The key is kept hashed: show holds neither the key nor anything that reveals it.
    String shown = cli("show system api-user");
    assertFalse(shown.contains(token));
    assertTrue(shown.contains("set api-key ENC "));
  }

  @Test
  void aVerifiedTokenStopsWorkingOnceItsKeyIsReplacedOrItsUserDeleted() {
    assertEquals(200, call("GET", "/api/v2/monitor/system/status", null).status());
    assertEquals(200, call("GET", "/api/v2/monitor/system/status", null).status(), "verified");

    String replaced = token;
    token = newUser("automation", "super_admin", "10.0.0.0/8"); // generate-key again
    assertEquals(
        401, call("GET", "/api/v2/monitor/system/status", null, replaced, ADMIN_PC).status());
    assertEquals(200, call("GET", "/api/v2/monitor/system/status", null).status());

    cli("config system api-user\ndelete automation\nend");
    assertEquals(401, call("GET", "/api/v2/monitor/system/status", null).status());
  }

  private RestResponse raw(String method, String path, String body, Map<String, String> headers) {
    RestRequest req = new RestRequest(method, path, Map.of(), body, ADMIN_PC, headers);
    return onMailbox(() -> api.handle(req));
  }

  @Test
  void sessionLoginWithCookiesCsrfTimeoutAndLogout() {
    onMailbox(
        () -> {
          Admins.setPassword(fw.config(), "admin", "s3cret");
          return null;
        });
    assertEquals(
        "0", raw("POST", "/logincheck", "username=admin&secretkey=wrong", Map.of()).body());
    RestResponse ok =
        raw("POST", "/logincheck", "username=admin&secretkey=s3cret&ajax=1", Map.of());
    assertTrue(ok.body().startsWith("1"), ok.body());
    String session = ok.setCookies().get(0);
    assertTrue(session.startsWith("APSCOOKIE_"), session);
    String cookie = session.substring(0, session.indexOf(';'));
    String csrf = ok.setCookies().get(1).replaceAll("^ccsrftoken=\"([^\"]*)\".*$", "$1");

    assertEquals(
        200, raw("GET", "/api/v2/cmdb/system/global", null, Map.of("cookie", cookie)).status());
    String body = "{\"seq-num\": 11, \"device\": \"port1\", \"gateway\": \"192.168.1.2\"}";
    assertEquals(
        401,
        raw("POST", "/api/v2/cmdb/router/static", body, Map.of("cookie", cookie)).status(),
        "a write without the CSRF token");
    assertEquals(
        200,
        raw(
                "POST",
                "/api/v2/cmdb/router/static",
                body,
                Map.of("cookie", cookie, "x-csrftoken", csrf))
            .status());

    // Idle past admintimeout (5 minutes by default): the session is gone.
    hv.clock().advance(java.time.Duration.ofMinutes(6));
    assertEquals(
        401, raw("GET", "/api/v2/cmdb/system/global", null, Map.of("cookie", cookie)).status());

    RestResponse again =
        raw(
            "POST",
            "/api/v2/authentication",
            "{\"username\":\"admin\",\"secretkey\":\"s3cret\"}",
            Map.of());
    assertEquals(200, again.status());
    String cookie2 = again.setCookies().get(0).substring(0, again.setCookies().get(0).indexOf(';'));
    assertEquals(
        200, raw("GET", "/api/v2/monitor/system/status", null, Map.of("cookie", cookie2)).status());
    assertEquals(200, raw("POST", "/logout", "", Map.of("cookie", cookie2)).status());
    assertEquals(
        401, raw("GET", "/api/v2/monitor/system/status", null, Map.of("cookie", cookie2)).status());
  }

  @Test
  void aRequestChangesOnlyTheVdomItNames() {
    cli("config system global\nset vdom-mode multi-vdom\nend\ny");
    cli("config vdom\nedit cust\nnext\nend");
    cli("config global\nconfig system interface\nedit port3\nset vdom cust\nnext\nend\nend");
    Answer rootsInterface =
        call(
            "POST",
            "/api/v2/cmdb/router/static?vdom=cust",
            "{\"seq-num\": 3, \"device\": \"port1\", \"gateway\": \"192.168.1.3\"}");
    assertEquals(
        -3, rootsInterface.json().get("error").asInt(), "port1 is root's: the CLI's check");
    String body = "{\"seq-num\": 3, \"device\": \"port3\", \"gateway\": \"192.168.3.3\"}";

    Answer inCust = call("POST", "/api/v2/cmdb/router/static?vdom=cust", body);
    assertEquals(200, inCust.status(), inCust.json().toString());
    assertEquals("cust", inCust.json().get("vdom").asText());
    assertEquals(
        1, call("GET", "/api/v2/cmdb/router/static?vdom=cust", null).json().get("results").size());
    assertFalse(
        cli("config vdom\nedit root\nshow router static\nend").contains("edit 3"),
        "root is untouched");

    String rootOnly = newUserIn("rootonly", "root");
    Answer denied =
        call("DELETE", "/api/v2/cmdb/router/static/3?vdom=cust", null, rootOnly, ADMIN_PC);
    assertEquals(403, denied.status());
    assertTrue(cli("config vdom\nedit cust\nshow router static\nend").contains("edit 3"));
  }

  @Test
  void aSessionReachesOnlyTheVdomsOfItsAdminUnlessItsProfileIsGlobal() {
    cli("config system global\nset vdom-mode multi-vdom\nend\ny");
    cli("config vdom\nedit cust\nnext\nend");
    cli(
        "config global\nconfig system admin\nedit ops\nset accprofile prof_admin\nset vdom cust"
            + "\nset password s3cret\nnext\nedit boss\nset accprofile super_admin\nset vdom root"
            + "\nset password s3cret\nnext\nend\nend");
    String ops = sessionCookie("ops");
    assertEquals("cust", vdomCall(ops, null).json().get("vdom").asText(), "starts in its VDOM");
    assertEquals(200, vdomCall(ops, "cust").status());
    Answer root = vdomCall(ops, "root");
    assertEquals(403, root.status());
    assertEquals(-14, root.json().get("error").asInt());

    String boss = sessionCookie("boss");
    assertEquals(200, vdomCall(boss, "cust").status(), "super_admin reaches every VDOM");
  }

  @Test
  void anAdminInSeveralVdomsReachesEachOfThemAndNoOther() {
    cli("config system global\nset vdom-mode multi-vdom\nend\ny");
    cli("config vdom\nedit cust\nnext\nedit lab\nnext\nend");
    assertEquals(
        "",
        cli(
            "config global\nconfig system admin\nedit ops\nset accprofile prof_admin"
                + "\nset vdom cust lab\nset password s3cret\nnext\nend\nend"),
        "set vdom takes a list");
    String ops = sessionCookie("ops");
    assertEquals("cust", vdomCall(ops, null).json().get("vdom").asText(), "starts in the first");
    assertEquals(200, vdomCall(ops, "cust").status());
    assertEquals(200, vdomCall(ops, "lab").status());
    Answer root = vdomCall(ops, "root");
    assertEquals(403, root.status());
    assertEquals(-14, root.json().get("error").asInt());

    assertEquals(
        "[{\"name\":\"cust\"},{\"name\":\"lab\"}]",
        call("GET", "/api/v2/cmdb/system/admin/ops?vdom=root&format=vdom", null)
            .json()
            .get("results")
            .get(0)
            .get("vdom")
            .toString(),
        "a list of names in cmdb JSON");
  }

  private String sessionCookie(String admin) {
    RestResponse r =
        raw(
            "POST",
            "/api/v2/authentication",
            "{\"username\":\"" + admin + "\",\"secretkey\":\"s3cret\"}",
            Map.of());
    assertEquals(200, r.status(), r.body());
    String c = r.setCookies().get(0);
    return c.substring(0, c.indexOf(';'));
  }

  private Answer vdomCall(String cookie, String vdom) {
    Map<String, List<String>> query = vdom == null ? Map.of() : Map.of("vdom", List.of(vdom));
    return answer(
        new RestRequest(
            "GET", "/api/v2/cmdb/router/static", query, null, ADMIN_PC, Map.of("cookie", cookie)));
  }

  @Test
  void childTablesHaveTheirOwnPaths() {
    String members = "/api/v2/cmdb/system/sdwan/members";
    Answer added =
        call(
            "POST",
            members,
            "{\"seq-num\": 1, \"interface\": \"port2\", \"gateway\": \"192.168.2.1\"}");
    assertEquals(200, added.status(), added.json().toString());
    assertEquals(
        "port2",
        call("GET", members + "/1", null).json().get("results").get(0).get("interface").asText());
    assertEquals(200, call("PUT", members + "/1", "{\"gateway\": \"192.168.2.254\"}").status());
    assertTrue(
        cli("show system sdwan").contains("set gateway 192.168.2.254"), cli("show system sdwan"));
    Answer missing = call("GET", members + "/9", null);
    assertEquals(404, missing.status());
    assertEquals(-3, missing.json().get("error").asInt());
    assertEquals(200, call("DELETE", members + "/1", null).status());
    assertEquals(0, call("GET", members, null).json().get("results").size());

    // Below a table's entry: the api-user's trusthost list.
    Answer hosts = call("GET", "/api/v2/cmdb/system/api-user/automation/trusthost", null);
    assertEquals(1, hosts.json().get("results").size(), hosts.json().toString());
    assertEquals(404, call("GET", "/api/v2/cmdb/system/api-user/nobody/trusthost", null).status());
    assertEquals(404, call("GET", "/api/v2/cmdb/system/sdwan/nosuch", null).status());
  }

  private String newUserIn(String name, String vdom) {
    cli(
        "config global\nconfig system api-user\nedit "
            + name
            + "\nset accprofile super_admin\nset vdom "
            + vdom
            + "\nnext\nend\nend");
    String out = cli("config global\nexecute api-user generate-key " + name + "\nend");
    Matcher m = Pattern.compile("New API key: (\\S+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  @Test
  void monitorsAnswer() {
    Answer status = call("GET", "/api/v2/monitor/system/status", null);
    assertEquals(200, status.status());
    assertEquals("FGVM01", status.json().get("results").get("hostname").asText());
    assertEquals("FGVM01TM26000042", status.json().get("serial").asText());

    Answer routes = call("GET", "/api/v2/monitor/router/ipv4", null);
    boolean defaultRoute = false;
    for (JsonNode r : routes.json().get("results")) {
      defaultRoute |= r.get("ip_mask").asText().equals("0.0.0.0/0");
    }
    assertTrue(defaultRoute, routes.json().toString());

    assertEquals(
        0, call("GET", "/api/v2/monitor/vpn-certificate/local", null).json().get("results").size());
    assertEquals(405, call("GET", "/api/v2/monitor/vpn-certificate/csr/generate", null).status());
    Answer noName = call("POST", "/api/v2/monitor/vpn-certificate/csr/generate", "{}");
    assertEquals(400, noName.status());
    assertNull(noName.json().get("results"));
  }
}
