package org.fwsim.firmware.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.fwsim.firmware.admin.AdminAuthenticator;
import org.fwsim.firmware.admin.AdminSettings;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTable;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.FortiSchema;
import org.fwsim.firmware.cli.NodeSchema;
import org.fwsim.firmware.egress.SdwanView;
import org.fwsim.firmware.system.SystemCommands;
import org.fwsim.hal.Appliance;

/**
 * The REST API of one appliance: authenticates a request (an API token from {@code Authorization:
 * Bearer} or {@code access_token=}, checked against the api-user's {@code trusthost}, {@code
 * accprofile} and {@code vdom}), routes it to cmdb or a monitor and wraps the answer in FortiOS's
 * envelope. Mailbox only; never throws for bad input.
 *
 * <p>Error codes are those FortiOS returns in {@code "error"}: -3 entry not found, -5 a duplicate
 * entry, -14 permission denied, the CLI's own code (-61, -651) for a refused value.
 */
public final class RestApi {
  /** Largest request body accepted, in bytes; larger ones get 413. */
  public static final int MAX_BODY = 1 << 20;

  static final int ENTRY_NOT_FOUND = -3;
  static final int DUPLICATE = -5;
  static final int PERMISSION_DENIED = -14;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION =
      SystemCommands.VERSION.substring(0, SystemCommands.VERSION.indexOf(','));
  private static final int BUILD =
      Integer.parseInt(SystemCommands.VERSION.replaceAll("^[^,]*,build(\\d+),.*$", "$1"));

  private final RestContext ctx;
  private final RestSessions sessions;
  private final Monitors monitors;
  private final WebLogin login;
  private final ApiTokens tokens = new ApiTokens();

  /**
   * @param config the configuration in force (a restore may replace it)
   * @param sessions a new CLI session on it, for writes and the commands monitors run
   * @param sdwan SD-WAN health per VDOM, for the health-check monitor
   * @param admins checks session logins (trusthost, lockout) as for every management plane
   */
  public RestApi(
      Supplier<ConfigTree> config,
      Supplier<CliSession> sessions,
      Appliance appliance,
      SdwanView sdwan,
      AdminAuthenticator admins) {
    this.ctx = new RestContext(config, sessions, appliance);
    this.sessions = new RestSessions(appliance);
    this.monitors = new Monitors(ctx, sdwan);
    this.login = new WebLogin(this.sessions, admins);
  }

  /** Answers one request. Mailbox only. */
  public RestResponse handle(RestRequest req) {
    if (req.body().length() > MAX_BODY) {
      return RestResponse.json(413, error(req, null, 413, 0).toString());
    }
    ConfigTree tree = ctx.config().get();
    String path = req.path();
    if (path.equals("/logincheck") || path.equals("/api/v2/authentication")) {
      return login.handle(tree, req);
    }
    if (path.equals("/logout")) {
      return login.logout(req);
    }
    Caller caller = authenticate(tree, req);
    if (caller == null) {
      return RestResponse.json(401, error(req, null, 401, 0).toString());
    }
    if (caller.session() != null
        && !req.method().equals("GET")
        && !caller.session().csrf().equals(unquoted(req.header("x-csrftoken")))) {
      return RestResponse.json(401, error(req, null, 401, 0).toString());
    }
    String vdom =
        req.param("vdom") != null
            ? req.param("vdom")
            : caller.session() != null && !caller.session().vdom().isEmpty()
                ? caller.session().vdom()
                : ConfigTree.ROOT_VDOM;
    if (tree.vdom(vdom) == null) {
      return RestResponse.json(400, error(req, vdom, 400, 0).toString());
    }
    if (!caller.vdoms().isEmpty() && !caller.vdoms().contains(vdom)) {
      return RestResponse.json(403, error(req, vdom, 403, PERMISSION_DENIED).toString());
    }
    if (path.startsWith("/api/v2/cmdb/")) {
      return cmdb(tree, req, caller, vdom, path.substring("/api/v2/cmdb/".length()));
    }
    if (path.startsWith("/api/v2/monitor/")) {
      Rights rights =
          Rights.of(tree, caller.profile(), path.substring("/api/v2/monitor/".length()));
      if (!rights.read()) {
        return RestResponse.json(403, error(req, vdom, 403, PERMISSION_DENIED).toString());
      }
      ObjectNode env = monitors.handle(req, rights.write(), vdom);
      if (env == null) {
        return refused(req, vdom, 404, 0);
      }
      stamp(env, req, vdom);
      return RestResponse.json(env.get("http_status").asInt(), env.toString());
    }
    return refused(req, vdom, 404, 0);
  }

  /**
   * Who asked: the accprofile and the VDOMs the caller may name (any, when empty); the web session
   * when it came with a session cookie rather than a token.
   */
  record Caller(String name, String profile, Set<String> vdoms, RestSessions.Session session) {}

  private Caller authenticate(ConfigTree tree, RestRequest req) {
    String cookie = sessions.cookieIn(req);
    if (cookie != null) {
      RestSessions.Session s = sessions.use(cookie, AdminSettings.of(tree).adminTimeout());
      if (s != null) {
        return new Caller(s.admin(), s.profile(), s.vdoms(), s);
      }
    }
    String token = req.param("access_token");
    String auth = req.header("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = auth.substring(7).trim();
    }
    String name = tokens.userOf(tree, token);
    if (name == null) {
      return null;
    }
    ConfigObject user = tree.global().table("system api-user").get(name);
    if (!ApiKeys.trusted(user, req.source())) {
      return null;
    }
    return new Caller(name, user.text("accprofile"), new HashSet<>(user.list("vdom")), null);
  }

  private RestResponse cmdb(
      ConfigTree tree, RestRequest req, Caller caller, String vdom, String rest) {
    String[] seg = rest.split("/", -1);
    if (seg.length < 2 || seg[0].isEmpty() || seg[1].isEmpty()) {
      return refused(req, vdom, 404, 0);
    }
    NodeSchema top = FortiSchema.ROOT.child(seg[0].replace('.', ' ') + " " + seg[1]);
    if (top == null) {
      return refused(req, vdom, 404, 0);
    }
    // <path>/<name>[/<mkey>] and, below an entry or a singleton, a child table:
    // .../<child>[/<child mkey>] (system/sdwan/members/1, firewall/policy/1/srcaddr).
    int next = 2;
    String mkey = null;
    if (top.isTable() && seg.length > 2 && !seg[2].isEmpty()) {
      mkey = seg[2];
      next = 3;
    }
    NodeSchema child = null;
    String childKey = null;
    if (seg.length > next && !(seg.length == next + 1 && seg[next].isEmpty())) {
      child = top.isTable() && mkey == null ? null : top.child(seg[next]);
      if (child == null || !child.isTable() || seg.length > next + 2) {
        return refused(req, vdom, 404, 0);
      }
      childKey = seg.length == next + 2 && !seg[next + 1].isEmpty() ? seg[next + 1] : null;
    }
    boolean reading = req.method().equals("GET");
    Rights rights = Rights.of(tree, caller.profile(), top.name());
    boolean globalDenied =
        tree.multiVdom() && top.scope() == NodeSchema.Scope.GLOBAL && !rights.global();
    if ((reading ? !rights.read() : !rights.write()) || globalDenied) {
      return RestResponse.json(403, error(req, vdom, 403, PERMISSION_DENIED).toString());
    }
    ConfigObject scope = top.scope() == NodeSchema.Scope.GLOBAL ? tree.global() : tree.vdom(vdom);
    if (child != null) {
      ConfigObject parent =
          top.isTable() ? scope.table(top.name()).get(mkey) : scope.singleton(top.name());
      if (parent == null) {
        return refused(req, vdom, 404, ENTRY_NOT_FOUND);
      }
      return new ChildTable(top, mkey, child, parent.table(child.name()))
          .handle(this, tree, req, vdom, childKey);
    }
    return switch (req.method()) {
      case "GET" -> get(req, vdom, top, scope, mkey);
      case "POST" -> write(tree, req, vdom, top, scope, mkey, true);
      case "PUT" -> write(tree, req, vdom, top, scope, mkey, false);
      case "DELETE" -> delete(tree, req, vdom, top, scope, mkey);
      default -> refused(req, vdom, 405, 0);
    };
  }

  private RestResponse get(
      RestRequest req, String vdom, NodeSchema top, ConfigObject scope, String mkey) {
    String format = req.param("format");
    Set<String> fields = format == null ? null : Set.of(format.split("\\|"));
    List<String> filters = req.query().getOrDefault("filter", List.of());
    ObjectNode env = envelope(req, vdom, 200);
    if (!top.isTable()) {
      env.set("results", CmdbJson.object(top, null, scope.singleton(top.name()), fields));
      return ok(env);
    }
    ConfigTable table = scope.table(top.name());
    if (mkey != null && table.get(mkey) == null) {
      return refused(req, vdom, 404, ENTRY_NOT_FOUND);
    }
    ArrayNode results = env.putArray("results");
    for (String k : mkey == null ? table.keys() : List.of(mkey)) {
      ObjectNode o = CmdbJson.object(top, k, table.get(k), null);
      if (CmdbJson.matches(o, filters)) {
        results.add(fields == null ? o : CmdbJson.object(top, k, table.get(k), fields));
      }
    }
    if (mkey != null) {
      env.put("mkey", mkey);
    }
    env.put("matched_count", results.size());
    return ok(env);
  }

  private RestResponse write(
      ConfigTree tree,
      RestRequest req,
      String vdom,
      NodeSchema top,
      ConfigObject scope,
      String mkey,
      boolean create) {
    JsonNode body;
    try {
      body = req.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(req.body());
    } catch (JsonProcessingException e) {
      return RestResponse.json(400, error(req, vdom, 400, 0).toString());
    }
    if (body.has("json") && body.get("json").isObject()) {
      body = body.get("json"); // some clients wrap the object
    }
    if (!body.isObject()) {
      return RestResponse.json(400, error(req, vdom, 400, 0).toString());
    }
    CmdbScript script = new CmdbScript(top, vdom, tree.multiVdom());
    String key = null;
    if (top.isTable()) {
      ConfigTable table = scope.table(top.name());
      JsonNode k = body.get(top.keyName());
      key = create ? (k != null ? k.asText() : mkey) : mkey;
      if (create && key == null && top.kind() == NodeSchema.Kind.NUMBERED_TABLE) {
        key = nextNumber(table);
      }
      if (key == null) {
        return RestResponse.json(
            create ? 400 : 405, error(req, vdom, create ? 400 : 405, 0).toString());
      }
      if (create && table.get(key) != null) {
        return RestResponse.json(500, error(req, vdom, 500, DUPLICATE).toString());
      }
      if (!create && table.get(key) == null) {
        return refused(req, vdom, 404, ENTRY_NOT_FOUND);
      }
      script.edit(key);
      script.sets(top, body);
      script.line("next");
    } else {
      if (create) {
        return refused(req, vdom, 405, 0);
      }
      script.sets(top, body);
    }
    CmdbScript.Failure f = script.run(ctx.cli().get());
    if (f != null) {
      return refused(req, vdom, f);
    }
    ObjectNode env = envelope(req, vdom, 200);
    if (key != null) {
      env.put("mkey", top.kind() == NodeSchema.Kind.NUMBERED_TABLE ? Long.parseLong(key) : 0);
      if (top.kind() != NodeSchema.Kind.NUMBERED_TABLE) {
        env.put("mkey", key);
      }
    }
    return ok(env);
  }

  private RestResponse delete(
      ConfigTree tree,
      RestRequest req,
      String vdom,
      NodeSchema top,
      ConfigObject scope,
      String mkey) {
    if (!top.isTable() || mkey == null) {
      return refused(req, vdom, 405, 0);
    }
    if (scope.table(top.name()).get(mkey) == null) {
      return refused(req, vdom, 404, ENTRY_NOT_FOUND);
    }
    CmdbScript script = new CmdbScript(top, vdom, tree.multiVdom());
    script.delete(mkey);
    CmdbScript.Failure f = script.run(ctx.cli().get());
    if (f != null) {
      return refused(req, vdom, f);
    }
    ObjectNode env = envelope(req, vdom, 200);
    env.put("mkey", mkey);
    return ok(env);
  }

  /** A fresh CLI session on the configuration in force, for a write. */
  CliSession newCli() {
    return ctx.cli().get();
  }

  /** The answer to a write the CLI refused: 500 with its code and message. */
  RestResponse refused(RestRequest req, String vdom, CmdbScript.Failure f) {
    ObjectNode err = error(req, vdom, 500, f.code());
    err.put("cli_error", f.message());
    return RestResponse.json(500, err.toString());
  }

  /** FortiOS's error envelope with that HTTP status and error code. */
  private RestResponse refused(RestRequest req, String vdom, int status, int code) {
    return RestResponse.json(status, error(req, vdom, status, code).toString());
  }

  /** Clients copy the {@code ccsrftoken} cookie's value with or without its quotes. */
  private static String unquoted(String s) {
    return s == null ? "" : s.replace("\"", "");
  }

  static String nextNumber(ConfigTable table) {
    long max = 0;
    for (String k : table.keys()) {
      max = Math.max(max, Long.parseLong(k));
    }
    return Long.toString(max + 1);
  }

  static RestResponse ok(ObjectNode env) {
    return RestResponse.json(200, env.toString());
  }

  ObjectNode envelope(RestRequest req, String vdom, int status) {
    ObjectNode env = JSON.createObjectNode();
    env.put("http_method", req.method());
    stamp(env, req, vdom);
    env.put("status", status == 200 ? "success" : "error");
    env.put("http_status", status);
    return env;
  }

  private void stamp(ObjectNode env, RestRequest req, String vdom) {
    String[] seg = req.path().split("/");
    if (seg.length > 5) {
      env.put("path", seg[4]);
      env.put("name", seg[5]);
    }
    env.put("vdom", vdom == null ? ConfigTree.ROOT_VDOM : vdom);
    env.put("serial", ctx.appliance().serial());
    env.put("version", VERSION);
    env.put("build", BUILD);
  }

  ObjectNode error(RestRequest req, String vdom, int status, int code) {
    ObjectNode env = envelope(req, vdom, status);
    if (code != 0) {
      env.put("error", code);
    }
    return env;
  }
}
