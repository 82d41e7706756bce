package org.fwsim.firmware.scep.client;

import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.ScepTransportException;

/**
 * Why an enrollment or a renewal failed, as a small closed set: derived where the structured reason
 * is known (the CA's {@link FailInfo}, a {@link ScepTransportException.Reason}, an {@link
 * EgressException}) and carried as is to forticron, its listeners and the testbench's report, which
 * count failures by it. The free text beside it is for people.
 */
public enum FailureKind {
  /** The CA answered FAILURE with failInfo badAlg. */
  CA_BAD_ALG("failInfo badalg"),
  /** The CA answered FAILURE with failInfo badMessageCheck. */
  CA_BAD_MESSAGE_CHECK("failInfo badmessagecheck"),
  /** The CA answered FAILURE with failInfo badRequest. */
  CA_BAD_REQUEST("failInfo badrequest"),
  /** The CA answered FAILURE with failInfo badTime. */
  CA_BAD_TIME("failInfo badtime"),
  /** The CA answered FAILURE with failInfo badCertId. */
  CA_BAD_CERT_ID("failInfo badcertid"),
  /** The CA answered FAILURE without a failInfo. */
  CA_FAILURE("failInfo none"),
  /** The CA kept the request PENDING past the polls allowed (or forticron's patience). */
  PENDING("pending"),
  /** No egress: no route, the interface down, a bad {@code source-ip}... */
  EGRESS("egress down"),
  /** The connection could not be opened, or closed before the reply was complete. */
  CONNECTION("connection"),
  /** No complete answer in time. */
  TIMEOUT("timeout"),
  /**
   * The ACME server could not reach the appliance to validate its challenge: it could not connect,
   * resolve the domain, or complete TLS (RFC 8555 §6.7 problems {@code connection}, {@code dns},
   * {@code tls}). The appliance's own exchanges with the server went through.
   */
  VALIDATION("validation unreachable"),
  /** The CA answered with an HTTP server error (5xx; 500 in practice). */
  HTTP_SERVER_ERROR("http 500"),
  /** The CA answered with another HTTP status than 200 (4xx, 3xx). */
  HTTP_STATUS("http status"),
  /** The reply is not a usable SCEP answer (content type, size, HTTP, CMS, certificates). */
  BAD_REPLY("bad reply"),
  /** The issued certificate does not chain to a trusted CA, or cannot be installed. */
  UNTRUSTED("untrusted certificate"),
  /** The request cannot be made from the configuration (no DNS for the CA's name, bad values). */
  CONFIGURATION("configuration"),
  /**
   * Not started: another transaction for the certificate is running, or the request is unusable.
   */
  REFUSED("refused"),
  /** A defect: an exception where none was expected. */
  INTERNAL("internal error"),
  /** Anything else, e.g. a CA update that found no newer CA certificate. */
  OTHER("other");

  private final String label;

  FailureKind(String label) {
    this.label = label;
  }

  /** The short lower-case name reports count failures by, e.g. {@code failInfo badrequest}. */
  public String label() {
    return label;
  }

  /** The kind of a CA's FAILURE with this failInfo (null: none given). */
  public static FailureKind of(FailInfo failInfo) {
    if (failInfo == null) {
      return CA_FAILURE;
    }
    return switch (failInfo) {
      case BAD_ALG -> CA_BAD_ALG;
      case BAD_MESSAGE_CHECK -> CA_BAD_MESSAGE_CHECK;
      case BAD_REQUEST -> CA_BAD_REQUEST;
      case BAD_TIME -> CA_BAD_TIME;
      case BAD_CERT_ID -> CA_BAD_CERT_ID;
    };
  }

  /** The kind of a failed HTTP exchange. */
  public static FailureKind of(ScepTransportException e) {
    return switch (e.reason()) {
      case CONNECT_FAILED, CLOSED -> CONNECTION;
      case TIMEOUT -> TIMEOUT;
      case HTTP_STATUS -> e.httpStatus() >= 500 ? HTTP_SERVER_ERROR : HTTP_STATUS;
      case CONTENT_TYPE, TOO_LARGE, PROTOCOL -> BAD_REPLY;
    };
  }

  /** The kind of an error that ended some SCEP work (e.g. GetCACert), from its cause chain. */
  public static FailureKind of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ScepTransportException e) {
        return of(e);
      }
      if (t instanceof EgressException) {
        return EGRESS;
      }
      if (t instanceof ScepException) {
        return BAD_REPLY;
      }
    }
    return OTHER;
  }
}
