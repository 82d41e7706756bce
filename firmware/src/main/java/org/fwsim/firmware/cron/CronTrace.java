package org.fwsim.firmware.cron;

import org.fwsim.firmware.debug.Trace;

/**
 * forticron's {@code diagnose debug application forticron} lines, in the shape and with the
 * function names and line numbers of the seed capture. Each costs one volatile read when off.
 */
final class CronTrace {

  private final Trace trace;

  CronTrace(Trace trace) {
    this.trace = trace;
  }

  /** Whether forticron's trace prints (the traf_his timer runs only then). */
  boolean on() {
    return trace.on();
  }

  /** The {@code traf_his} timer fired and did its work (KB-420924). */
  void trafHis() {
    if (trace.on()) {
      trace.line("fcron_timer_func", 23, "Timer traf_his fired");
      trace.line("fcron_timer_func", 32, "Timer traf_his done");
    }
  }

  void timerFired() {
    if (trace.on()) {
      trace.line("fcron_timer_func", 25, "Timer cert_upd fired");
      trace.line("fcron_update_timer_func", 342);
    }
  }

  void timerDone() {
    if (trace.on()) {
      trace.line("fcron_timer_func", 32, "Timer cert_upd done");
    }
  }

  /** {@code __check_exp_date} looks at one certificate. */
  void checking(CronCertificate c) {
    if (!trace.on()) {
      return;
    }
    trace.line(
        "__check_exp_date",
        247,
        "check cert-%s, vfid %d, is_global %d",
        c.name(),
        c.identity().vfid(),
        c.identity().isGlobal() ? 1 : 0);
    if (c.renewal().days() > 0) {
      // Two spaces before GMT, as in the seed.
      trace.line(
          "cert_update_auto_gen_info",
          362,
          "cert %s expires at %s  GMT",
          c.name(),
          CronLog.GMT.format(c.notAfter()));
    }
  }

  /** A renewal (or CA update) is about to be handed to the renewer. */
  void renewing(CronCertificate c) {
    if (!trace.on()) {
      return;
    }
    CertificateIdentity id = c.identity();
    // INFERENCE: the seed shows local certificates only; a CA's name and line number are fwsim's.
    boolean ca = id.type() == CertificateIdentity.Type.CA;
    trace.line(
        ca ? "__ca_scep_auto_update" : "__local_" + protocol(c) + "_auto_regenerate",
        ca ? 131 : 97,
        (ca ? "Auto update CA" : "Auto regenerate") + " certificate-%s, vfid-%d, global-%d.",
        id.name(),
        id.vfid(),
        id.isGlobal() ? 1 : 0);
    trace.line("fcron_start_cert_" + protocol(c), 824);
  }

  /** The renewer took the renewal. */
  void started(CronCertificate c) {
    if (trace.on()) {
      trace.line("fcron_start_cert_" + protocol(c), 858, "Added and Start cert %s", c.name());
    }
  }

  /**
   * The protocol in forticron's function names and its {@code diagnose test application forticron
   * 2} lines: {@code scep} as in KB-420924; for EST (a CA's too), CMPv2 and ACME renewals {@code
   * est}, {@code cmp} and {@code acme} in the same places (INFERENCE: the reference has no
   * forticron trace of them, and a renewal over ACME must not read as SCEP).
   */
  static String protocol(CronCertificate c) {
    return switch (c.renewalProtocol()) {
      case EST -> "est";
      case CMPV2 -> "cmp";
      case ACME2 -> "acme";
      default -> "scep";
    };
  }
}
