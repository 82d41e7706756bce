package org.fwsim.firmware.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.Quoting;
import org.fwsim.firmware.egress.MemberHealth;
import org.fwsim.firmware.egress.SdwanView;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.vdom.Vdom;

/**
 * The {@code /api/v2/monitor/...} endpoints the simulator has: {@code system/status}, {@code
 * vpn-certificate/local} (the certificates in the store), {@code vpn-certificate/csr/generate}
 * (runs {@code execute vpn certificate local generate}, so it starts the same SCEP enrollment),
 * {@code router/ipv4} (the routing table) and {@code virtual-wan/health-check} (SD-WAN health).
 */
final class Monitors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestContext ctx;
  private final SdwanView sdwan;

  Monitors(RestContext ctx, SdwanView sdwan) {
    this.ctx = ctx;
    this.sdwan = sdwan;
  }

  /** The envelope with {@code results}, or null for a path that is not a monitor. */
  ObjectNode handle(RestRequest req, boolean write, String vdom) {
    String path = req.path().substring("/api/v2/monitor/".length());
    boolean post = req.method().equals("POST");
    return switch (path) {
      case "system/status" -> get(req) ? ok(req, JSON.createObjectNode(), status()) : wrong(req);
      case "vpn-certificate/local" ->
          get(req) ? ok(req, JSON.createObjectNode(), localCerts(vdom)) : wrong(req);
      case "router/ipv4" -> get(req) ? ok(req, JSON.createObjectNode(), routes(vdom)) : wrong(req);
      case "virtual-wan/health-check" ->
          get(req) ? ok(req, JSON.createObjectNode(), health(vdom)) : wrong(req);
      case "vpn-certificate/csr/generate" ->
          !post ? wrong(req) : !write ? denied(req) : generate(req, vdom);
      default -> null;
    };
  }

  private static boolean get(RestRequest req) {
    return req.method().equals("GET");
  }

  private ObjectNode status() {
    ObjectNode r = JSON.createObjectNode();
    r.put("model_name", "FortiGate");
    r.put("model_number", "VM64");
    r.put("model", "FGVM64");
    r.put("hostname", ctx.config().get().hostname());
    r.put("log_disk_status", "not_available");
    return r;
  }

  private ArrayNode localCerts(String vdom) {
    ArrayNode out = JSON.createArrayNode();
    // Certificates of the global store (where a no-vdom appliance keeps them) and of the VDOM's.
    Map<String, LocalCertificate> certs =
        new TreeMap<>(ctx.appliance().globalCerts().snapshot().localCertificates());
    ctx.appliance()
        .vdoms()
        .find(vdom)
        .ifPresent(v -> certs.putAll(v.certStore().snapshot().localCertificates()));
    for (LocalCertificate c : certs.values()) {
      ObjectNode o = out.addObject();
      o.put("name", c.name());
      o.put("source", "user");
      o.put("status", c.hasCertificate() ? "valid" : "pending");
      if (c.hasCertificate()) {
        X509Certificate x = c.certificate();
        o.put("subject", x.getSubjectX500Principal().getName());
        o.put("issuer", x.getIssuerX500Principal().getName());
        o.put("valid_from", x.getNotBefore().toInstant().getEpochSecond());
        o.put("valid_to", x.getNotAfter().toInstant().getEpochSecond());
        o.put("serial_number", x.getSerialNumber().toString(16));
      }
    }
    return out;
  }

  private ArrayNode routes(String vdom) {
    ArrayNode out = JSON.createArrayNode();
    Vdom v = ctx.appliance().vdoms().find(vdom).orElse(null);
    if (v == null) {
      return out;
    }
    for (Route r : v.routes().activeRoutes()) {
      ObjectNode o = out.addObject();
      o.put("ip_version", 4);
      o.put("type", r.kind() == Route.Kind.STATIC ? "static" : "connect");
      o.put("ip_mask", Ip4.toString(r.dst().network()) + "/" + r.dst().length());
      o.put("distance", r.distance());
      o.put("priority", r.priority());
      o.put("gateway", Ip4.toString(r.gateway()));
      o.put("interface", r.device());
    }
    return out;
  }

  private ObjectNode health(String vdom) {
    ObjectNode out = JSON.createObjectNode();
    var status = sdwan.sdwanStatus(vdom);
    if (status == null) {
      return out;
    }
    for (var e : status.health().entrySet()) {
      ObjectNode check = out.putObject(e.getKey());
      for (MemberHealth m : e.getValue()) {
        ObjectNode o = check.putObject(m.interfaceName());
        o.put("status", m.alive() ? "up" : "down");
        o.put("latency", m.latencyMillis());
        o.put("jitter", m.jitterMillis());
        o.put("packet_loss", m.packetLossPercent());
        o.put("sla_targets_met", m.slaMap());
      }
    }
    return out;
  }

  /**
   * {@code certname}, {@code keytype} (rsa|ec), {@code keysize} or {@code curvename}, {@code
   * subject}, optional {@code scep_url} and {@code scep_password}: the arguments of {@code execute
   * vpn certificate local generate}, which answers.
   */
  private ObjectNode generate(RestRequest req, String vdom) {
    JsonNode b;
    try {
      b = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
    } catch (JsonProcessingException e) {
      return answer(req, 400, null);
    }
    String name = b.path("certname").asText("");
    String type = b.path("keytype").asText("rsa");
    if (name.isEmpty() || !(type.equals("rsa") || type.equals("ec"))) {
      return answer(req, 400, null);
    }
    String size =
        type.equals("rsa")
            ? b.path("keysize").asText("2048")
            : b.path("curvename").asText("secp256r1");
    String subject = b.path("subject").asText("");
    StringBuilder line =
        new StringBuilder("execute vpn certificate local generate ")
            .append(type)
            .append(' ')
            .append(Quoting.quote(name))
            .append(' ')
            .append(size)
            .append(' ')
            .append(Quoting.quote(subject));
    for (String f : List.of("country", "state", "city", "org", "unit", "email", "sans")) {
      line.append(' ').append(Quoting.quote(b.path(f).asText("")));
    }
    line.append(' ').append(Quoting.quote(b.path("scep_url").asText("")));
    line.append(' ').append(Quoting.quote(b.path("scep_password").asText("")));
    CliSession s = ctx.cli().get();
    String prefix =
        ctx.config().get().multiVdom() ? "config vdom\nedit " + Quoting.quote(vdom) + "\n" : "";
    String out = prefix.isEmpty() ? s.execute(line.toString()) : s.run(prefix + line);
    if (out.contains("Return code")) {
      ObjectNode env = answer(req, 500, null);
      env.put("error", CmdbScript.returnCode(out));
      env.put("cli_error", out.strip());
      return env;
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("status", "success");
    r.put("cli", out.strip());
    return answer(req, 200, r);
  }

  private ObjectNode ok(RestRequest req, ObjectNode ignored, JsonNode results) {
    return answer(req, 200, results);
  }

  private ObjectNode wrong(RestRequest req) {
    return answer(req, 405, null);
  }

  private ObjectNode denied(RestRequest req) {
    ObjectNode env = answer(req, 403, null);
    env.put("error", RestApi.PERMISSION_DENIED);
    return env;
  }

  private static ObjectNode answer(RestRequest req, int status, JsonNode results) {
    ObjectNode env = JSON.createObjectNode();
    env.put("http_method", req.method());
    if (results != null) {
      env.set("results", results);
    }
    env.put("status", status == 200 ? "success" : "error");
    env.put("http_status", status);
    return env;
  }
}
