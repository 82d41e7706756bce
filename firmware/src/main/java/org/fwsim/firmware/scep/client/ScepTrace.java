package org.fwsim.firmware.scep.client;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.firmware.scep.message.UnwrapStats;
import org.fwsim.firmware.scep.message.WrapStats;
import org.fwsim.firmware.scep.transport.ScepUrl;

/**
 * The transaction's debug lines, in the wording and order of the reference traces: the SCEP
 * library's {@code func: message} lines (KB-262267, {@code diagnose debug application scep -1}) and
 * forticron's {@code func()-N: message} lines (KB-420924). The connection lines in between come
 * from the transport. Every step checks {@code on()} first (one constant line leaves that to {@link
 * Trace#line}), so with debug off a step costs one volatile read per trace.
 */
final class ScepTrace {

  /**
   * forticron's connection states that {@link #cleanup} prints, each the state of waiting for a
   * reply (KB-420924: 0/1 GetCACert, 2/3 PKIOperation; 4/5 GetCACaps inferred).
   */
  static final int STATE_CA_CAPS_REPLY = 5;

  static final int STATE_CA_CERT_REPLY = 1;
  static final int STATE_PKI_REPLY = 3;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final Trace scep;
  private final Trace cron;

  ScepTrace(DebugControl debug) {
    this.scep = debug.trace(DebugApplication.SCEP);
    this.cron = debug.trace(DebugApplication.FORTICRON);
  }

  /** forticron's view of the URL and (for a renewal) the loaded certificate and key. */
  void certInit(ScepUrl url, String certificate, int vfid, boolean renewal) {
    if (cron.on()) {
      String path = url.path();
      int query = path.indexOf('?');
      certInit(
          url.host(),
          query < 0 ? path : path.substring(0, query),
          url.port(),
          ScepTransaction.certTag(certificate, vfid),
          renewal);
    }
  }

  private void certInit(String host, String directory, int port, String certTag, boolean renewal) {
    if (cron.on()) {
      cron.line("scep_cert_init", 764, "Hostname: %s", host);
      cron.line("scep_cert_init", 765, "Directory: %s", directory);
      cron.line("scep_cert_init", 766, "Port: %d(http)", port);
      if (renewal) {
        cron.line("scep_cert_init", 784, "cert&pkey loaded using %s", certTag);
      }
    }
  }

  void resolve(String host) {
    if (cron.on()) {
      cron.line("scep_start", 743, "resolve %s", host);
    }
  }

  void resolved(String host, String ip) {
    if (cron.on()) {
      cron.line("scep_resolv_cb", 736, "IP of scep-%s is %s", host, ip);
    }
  }

  /** GetCACert parsed: reply type, then each certificate by the role it got. */
  void caCertReply(CaCertificates ca) {
    if (!scep.on()) {
      return;
    }
    scep.line("__process_ca_cert_reply", "Reply type %d", ca.replyType());
    scep.line("__process_ca_cert_reply", "loaded cacert");
    for (X509Certificate cert : ca.all()) {
      if (cert.equals(ca.signingCert())) {
        scep.line("__read_ca_cert_cb", "loaded signing cert");
      }
      if (cert.equals(ca.encryptionCert()) && !cert.equals(ca.signingCert())) {
        scep.line("__read_ca_cert_cb", "loaded encryption cert");
      }
      if (cert.equals(ca.ca()) || cert.getBasicConstraints() >= 0) {
        scep.line("__read_ca_cert_cb", "loaded CA");
      }
    }
  }

  void gotCa(String requestName) {
    if (cron.on()) {
      cron.line("scep_recv", 527, "got CA, re-connecting the host. send %s request", requestName);
    }
  }

  void newTransaction(String transactionId) {
    if (scep.on()) {
      scep.line("new_scep_transaction", "transaction id: %s", transactionId);
    }
  }

  /** {@code pkcs7_wrap} of a request; CertPoll's inner content is the issuer_and_subject. */
  void wrap(OutboundRequest request) {
    if (!scep.on()) {
      return;
    }
    WrapStats stats = request.stats();
    scep.raw(
        request.type() == MessageType.CERT_POLL
            ? "pkcs7_wrap:1138 creating issuer_and_subject PKCS#7"
            : "pkcs7_wrap:1120 creating inner PKCS#7");
    scep.line("pkcs7_wrap", "data payload size: %d bytes", stats.dataPayloadSize());
    scep.line("pkcs7_wrap", "successfully encrypted payload");
    scep.line("pkcs7_wrap", "envelope size: %d bytes", stats.envelopeSize());
    scep.line("pkcs7_wrap", "creating outer PKCS#7");
    scep.line("pkcs7_wrap", "signature added successfully");
    scep.line("pkcs7_wrap", "adding signed attributes");
    scep.line("__add_attribute_string", "adding string attribute transId");
    scep.line("__add_attribute_string", "adding string attribute messageType");
    scep.line("__add_attribute_octet", "adding octet attribute senderNonce");
    scep.line("pkcs7_wrap", "PKCS#7 data written successfully");
    scep.line("pkcs7_wrap", "applying base64 encoding");
    scep.line("pkcs7_wrap", "base64 encoded payload size: %d bytes", stats.base64EncodedSize());
  }

  void unwrapStart() {
    cron.line("scep_handle_cert_reply", 404, "unwrap cert reply");
  }

  /**
   * A CertRep that passed the checks of {@code PkiRequests}, attribute by attribute as the library
   * reads them.
   */
  void unwrap(CertRep rep) {
    if (!scep.on()) {
      return;
    }
    UnwrapStats stats = rep.stats();
    scep.line("pkcs7_unwrap", "reading outer PKCS#7");
    scep.line("pkcs7_unwrap", "PKCS#7 payload size: %d bytes", stats.pkiMessageSize());
    scep.line("pkcs7_unwrap", "PKCS#7 contains %d bytes of enveloped data", stats.envelopedSize());
    scep.line("pkcs7_unwrap", "verifying signature");
    scep.line("pkcs7_unwrap", "signature ok");
    scep.line("pkcs7_unwrap", "finding signed attributes");
    attribute("transId", rep.transactionId().length());
    scep.line("pkcs7_unwrap", "reply transaction id: %s", rep.transactionId());
    attribute("messageType", Integer.toString(rep.type().code()).length());
    scep.line("pkcs7_unwrap", "reply message type is good");
    attribute("senderNonce", rep.senderNonce().length);
    scep.line("pkcs7_unwrap", "senderNonce in reply: %s", HEX.formatHex(rep.senderNonce()));
    attribute("recipientNonce", rep.recipientNonce().length);
    scep.line("pkcs7_unwrap", "recipientNonce in reply: %s", HEX.formatHex(rep.recipientNonce()));
    attribute("pkiStatus", Integer.toString(rep.status().code()).length());
    scep.line("pkcs7_unwrap", "pkistatus: %s", rep.status());
    if (rep.status() == PkiStatus.FAILURE && rep.failInfo() != null) {
      attribute("failInfo", Integer.toString(rep.failInfo().code()).length());
      scep.line("pkcs7_unwrap", "failInfo: %s", rep.failInfo().rfcName());
    }
    if (rep.status() == PkiStatus.SUCCESS) {
      scep.line("pkcs7_unwrap", "reading inner PKCS#7");
      scep.line("pkcs7_unwrap", "decrypting inner PKCS#7");
      scep.line("pkcs7_unwrap", "PKCS#7 payload size: %d bytes", stats.innerPayloadSize());
    }
  }

  private void attribute(String name, int size) {
    scep.line("__get_attribute", "finding attribute %s", name);
    scep.line("__get_signed_attribute", "allocating %d bytes for attribute", size);
  }

  /** A reply the library could not accept: what it had read, then why. */
  void unwrapFailed(int size, String why) {
    if (scep.on()) {
      scep.line("pkcs7_unwrap", "reading outer PKCS#7");
      scep.line("pkcs7_unwrap", "PKCS#7 payload size: %d bytes", size);
      scep.line("pkcs7_unwrap", "error: %s", why);
    }
  }

  void writeLocalCert(X509Certificate cert, String certificateName) {
    if (scep.on()) {
      scep.line("scep_write_local_cert", "found certificate with");
      scep.raw("subject: " + oneLine(cert.getSubjectX500Principal().getEncoded()));
      scep.raw("issuer: " + oneLine(cert.getIssuerX500Principal().getEncoded()));
      scep.line("scep_write_local_cert", "writing cert");
      scep.line("scep_write_local_cert", "certificate written as /tmp/%s", certificateName);
    }
  }

  /**
   * Any error the library reports outside the unwrap (CA certificate, request building, checks).
   */
  void error(String func, String why) {
    if (scep.on()) {
      scep.line(func, "error: %s", why);
    }
  }

  /** forticron's view of a connection that broke under a request (e.g. its interface went down). */
  void connectionLost(String why) {
    if (cron.on()) {
      cron.line("scep_recv", 549, "SCEP connection lost: %s", why);
    }
  }

  void requestFailed() {
    cron.line("scep_recv", 554, "SCEP request is failed");
  }

  void stop() {
    cron.line("scep_stop", 193);
  }

  void cleanup(int state, String certTag, int vfid, boolean global) {
    if (cron.on()) {
      cron.line(
          "scep_cleanup",
          168,
          "scep_cleanup, state %d, name %s, vfid %d, is_global %d.",
          state,
          certTag,
          vfid,
          global ? 1 : 0);
    }
  }

  /** OpenSSL's one-line form as the library prints it: {@code /ST=NH/L=Amsterdam/.../CN=myvpn/}. */
  static String oneLine(byte[] encodedName) {
    X500Name name = X500Name.getInstance(encodedName);
    StringBuilder sb = new StringBuilder("/");
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        String label = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
        if (label == null) {
          label = atv.getType().getId();
        } else if ("E".equals(label)) {
          label = "emailAddress";
        }
        sb.append(label).append('=').append(IETFUtils.valueToString(atv.getValue())).append('/');
      }
    }
    return sb.toString();
  }
}
