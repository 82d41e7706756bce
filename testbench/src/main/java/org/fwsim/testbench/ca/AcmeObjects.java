package org.fwsim.testbench.ca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.fwsim.firmware.acme.AccountKey;

/**
 * The ACME server's objects (RFC 8555 §7.1): accounts, orders, authorizations with their one
 * HTTP-01 challenge. Each is mutated under its own monitor by whichever CA worker handles it; the
 * JSON views are what a client reads.
 */
final class AcmeObjects {

  private AcmeObjects() {}

  /** An account: its key (known by its RFC 7638 thumbprint) and contact. */
  record Account(String id, AccountKey key, String thumbprint, List<String> contact) {
    ObjectNode json(String base) {
      ObjectNode o = AcmeJson.object().put("status", "valid");
      ArrayNode c = o.putArray("contact");
      contact.forEach(c::add);
      o.put("orders", base + "acct/" + id + "/orders");
      return o;
    }
  }

  /** One identifier's authorization and its HTTP-01 challenge. */
  static final class Authz {
    final String id;
    final String account;
    final String domain;
    final String token;
    final Instant expires;
    String status = "pending";
    String challengeStatus = "pending";
    AcmeProblem error;

    /** The order it was made for (one each), told when it is decided; set once, at creation. */
    Order order;

    Authz(String id, String account, String domain, String token, Instant expires) {
      this.id = id;
      this.account = account;
      this.domain = domain;
      this.token = token;
      this.expires = expires;
    }

    synchronized ObjectNode json(String base) {
      ObjectNode o = AcmeJson.object().put("status", status).put("expires", expires.toString());
      o.putObject("identifier").put("type", "dns").put("value", domain);
      o.putArray("challenges").add(challengeJson(base));
      return o;
    }

    synchronized ObjectNode challengeJson(String base) {
      ObjectNode c =
          AcmeJson.object()
              .put("type", "http-01")
              .put("url", base + "chall/" + id)
              .put("token", token)
              .put("status", challengeStatus);
      if (error != null) {
        c.putObject("error")
            .put("type", error.type().urn())
            .put("detail", error.getMessage())
            .put("status", error.status());
      }
      return c;
    }
  }

  /** An order: its identifiers' authorizations, then the certificate once finalized. */
  static final class Order {
    final String id;
    final String account;
    final List<Authz> authzs;
    final Instant expires;
    String status = "pending";
    X509Certificate certificate;

    Order(String id, String account, List<Authz> authzs, Instant expires) {
      this.id = id;
      this.account = account;
      this.authzs = List.copyOf(authzs);
      this.expires = expires;
    }

    /** The order's status after its authorizations changed: ready, invalid or as it was. */
    synchronized void authorizationsChanged() {
      if (!status.equals("pending")) {
        return;
      }
      boolean allValid = true;
      for (Authz a : authzs) {
        String s;
        synchronized (a) {
          s = a.status;
        }
        if (s.equals("invalid")) {
          status = "invalid";
          return;
        }
        allValid &= s.equals("valid");
      }
      if (allValid) {
        status = "ready";
      }
    }

    synchronized ObjectNode json(String base) {
      ObjectNode o = AcmeJson.object().put("status", status).put("expires", expires.toString());
      ArrayNode ids = o.putArray("identifiers");
      ArrayNode urls = o.putArray("authorizations");
      for (Authz a : authzs) {
        ids.addObject().put("type", "dns").put("value", a.domain);
        urls.add(base + "authz/" + a.id);
      }
      o.put("finalize", base + "order/" + id + "/finalize");
      if (certificate != null) {
        o.put("certificate", base + "cert/" + id);
      }
      return o;
    }
  }
}
