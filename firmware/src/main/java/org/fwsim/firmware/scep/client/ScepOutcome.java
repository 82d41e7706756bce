package org.fwsim.firmware.scep.client;

import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * How a SCEP enrollment or renewal ended.
 *
 * @param certificate the local certificate's name
 * @param status issued, failed, or refused before starting
 * @param renewal whether it was a renewal (signed with the current certificate)
 * @param messageType the request type sent (PKCSReq or RenewalReq), null if none was sent
 * @param transactionId the SCEP transactionID, null if none was made
 * @param failInfo the CA's failInfo when it answered FAILURE, else null
 * @param reason why it failed or was refused, null when issued
 * @param installed the entry as installed in the store when issued, else null
 * @param polls CertPolls sent
 * @param failure why it failed or was refused, as a kind; null when issued
 */
public record ScepOutcome(
    String certificate,
    Status status,
    boolean renewal,
    MessageType messageType,
    String transactionId,
    FailInfo failInfo,
    String reason,
    LocalCertificate installed,
    int polls,
    FailureKind failure) {

  public ScepOutcome {
    if (status == Status.ISSUED) {
      failure = null;
    } else if (failure == null) {
      failure = failInfo != null ? FailureKind.of(failInfo) : defaultKind(status);
    }
  }

  /** A certificate issued and installed as {@code installed}. */
  public static ScepOutcome issued(
      String certificate,
      boolean renewal,
      MessageType messageType,
      String transactionId,
      LocalCertificate installed,
      int polls) {
    return new ScepOutcome(
        certificate,
        Status.ISSUED,
        renewal,
        messageType,
        transactionId,
        null,
        null,
        installed,
        polls,
        null);
  }

  /**
   * A transaction that ended without a certificate, for {@code reason}, counted as {@code kind}.
   */
  public static ScepOutcome failed(
      String certificate, boolean renewal, String transactionId, String reason, FailureKind kind) {
    return new ScepOutcome(
        certificate, Status.FAILED, renewal, null, transactionId, null, reason, null, 0, kind);
  }

  /** A transaction refused before it sent anything (kind {@link FailureKind#REFUSED}). */
  public static ScepOutcome refused(String certificate, boolean renewal, String reason) {
    return new ScepOutcome(
        certificate, Status.REFUSED, renewal, null, null, null, reason, null, 0, null);
  }

  private static FailureKind defaultKind(Status status) {
    return status == Status.REFUSED ? FailureKind.REFUSED : FailureKind.OTHER;
  }

  /** The kinds of outcome. */
  public enum Status {
    /** The CA issued a certificate; it passed the checks and is installed. */
    ISSUED,
    /**
     * The CA refused, the reply was bad, the transport failed, or polling ran out; nothing changed
     * but state.
     */
    FAILED,
    /**
     * Not started: another transaction for the certificate is running, or the request is unusable.
     */
    REFUSED
  }

  public boolean issued() {
    return status == Status.ISSUED;
  }
}
