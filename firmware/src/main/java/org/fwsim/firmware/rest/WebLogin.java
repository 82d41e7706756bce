package org.fwsim.firmware.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.admin.AdminAuthenticator;
import org.fwsim.firmware.admin.AdminCredential;
import org.fwsim.firmware.admin.AdminLogin;
import org.fwsim.firmware.cli.ConfigTree;

/**
 * Session login to the web API: the form post to {@code /logincheck} (answered {@code 1} with the
 * {@code APSCOOKIE_<n>} session cookie and the {@code ccsrftoken} cookies, or {@code 0}), the JSON
 * post to {@code /api/v2/authentication} ({@code DELETE} there logs out), and {@code /logout}. The
 * password, trusthost and lockout are checked by the appliance's {@link AdminAuthenticator}, the
 * one SSH asks too. Writes in a session must carry the CSRF token in {@code X-CSRFTOKEN}.
 *
 * <p>INFERENCE: the exact text FortiOS answers {@code /logincheck} with beyond its first character,
 * and the {@code status_code}/{@code status_message} of {@code /api/v2/authentication}, are
 * believed from public client code, not confirmed by the reference.
 */
record WebLogin(RestSessions sessions, AdminAuthenticator admins) {
  private static final ObjectMapper JSON = new ObjectMapper();

  RestResponse handle(ConfigTree tree, RestRequest req) {
    boolean json = req.path().equals("/api/v2/authentication");
    if (json && req.method().equals("DELETE")) {
      return logout(req);
    }
    if (!req.method().equals("POST")) {
      return RestResponse.json(405, "{\"http_status\":405,\"status\":\"error\"}");
    }
    String user;
    String password;
    if (json) {
      JsonNode b;
      try {
        b = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
      } catch (JsonProcessingException e) {
        return RestResponse.json(400, "{\"http_status\":400,\"status\":\"error\"}");
      }
      user = b.path("username").asText("");
      password = b.path("secretkey").asText("");
    } else {
      Map<String, String> form = form(req.body());
      user = form.getOrDefault("username", "");
      password = form.getOrDefault("secretkey", "");
    }
    AdminLogin login =
        admins.authenticate(user, AdminCredential.password(password), req.source(), "https");
    if (!login.accepted()) {
      if (json) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status_code", 0);
        o.put("status_message", "LOGIN_FAILED");
        return RestResponse.json(401, o.toString());
      }
      return new RestResponse(200, "text/plain", "0", List.of());
    }
    String cookie = sessions.open(login);
    String csrf = sessions.get(cookie).csrf();
    String cookieName = sessions.cookieName();
    List<String> cookies =
        List.of(
            cookieName + "=" + cookie + "; Path=/; Secure; HttpOnly",
            "ccsrftoken=\"" + csrf + "\"; Path=/; Secure",
            "ccsrftoken_"
                + cookieName.substring("APSCOOKIE_".length())
                + "=\""
                + csrf
                + "\"; Path=/; Secure");
    if (json) {
      ObjectNode o = JSON.createObjectNode();
      o.put("status_code", 5);
      o.put("status_message", "LOGIN_SUCCESS");
      return new RestResponse(200, "application/json", o.toString(), cookies);
    }
    return new RestResponse(200, "text/plain", "1document.location=\"/ng/\";\n", cookies);
  }

  RestResponse logout(RestRequest req) {
    sessions.close(sessions.cookieIn(req));
    List<String> cleared =
        List.of(sessions.cookieName() + "=; Path=/; Max-Age=0", "ccsrftoken=; Path=/");
    return new RestResponse(200, "text/plain", "", cleared);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
