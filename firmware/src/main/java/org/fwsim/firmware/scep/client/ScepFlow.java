package org.fwsim.firmware.scep.client;

import java.util.Locale;
import org.fwsim.firmware.scep.message.CaCaps;
import org.fwsim.hal.lang.CliKeyword;
import org.fwsim.hal.lang.Enums;

/**
 * Which SCEP exchange the simulated FortiOS runs: a simulator setting ({@code sim scep flow}, the
 * storm's {@code --scep-flow}), not a FortiOS configuration field; its keyword is the word typed
 * there.
 */
public enum ScepFlow implements CliKeyword {
  /**
   * What the seeds show FortiOS 7.4 doing: GetCACert first, no GetCACaps (both KB traces start at
   * {@code scep_rxtx state 0}); PKIOperation by GET with the message in base64 (KB-262267: {@code
   * pkcs7_wrap: applying base64 encoding}); renewal as a PKCSReq signed with the current
   * certificate and key (KB-420924: {@code cert&pkey loaded}, {@code send PKCSREQ request});
   * PENDING answered by CertPoll (KB-262267).
   */
  FORTIOS,
  /** RFC 8894 negotiated: GetCACaps first, POST when offered, RenewalReq when offered. */
  RFC8894;

  /**
   * INFERENCE: the algorithms FortiOS uses without asking GetCACaps are not in the seeds; fwsim
   * assumes AES-128-CBC and SHA-256, which every CA fwsim meets accepts. No POSTPKIOperation and no
   * Renewal, so PKIOperation goes by GET and renewals are PKCSReq.
   */
  private static final CaCaps FORTIOS_ASSUMED = CaCaps.of("AES", "SHA-256");

  /** Whether the flow asks GetCACaps before GetCACert. */
  public boolean asksCaCaps() {
    return this == RFC8894;
  }

  /** The capabilities the client acts on when it does not ask GetCACaps. */
  CaCaps assumedCaps() {
    return FORTIOS_ASSUMED;
  }

  /**
   * The flow of a keyword.
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static ScepFlow of(String keyword) {
    return Enums.find(ScepFlow.class, f -> f.keyword().equals(keyword.toLowerCase(Locale.ROOT)))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown SCEP flow '" + keyword + "' (choose fortios or rfc8894)"));
  }
}
