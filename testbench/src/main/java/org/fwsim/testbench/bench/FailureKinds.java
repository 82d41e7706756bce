package org.fwsim.testbench.bench;

import java.util.Locale;

/** Failure kinds of bounded cardinality for the report, from the firmware's failure texts. */
final class FailureKinds {

  private FailureKinds() {}

  /** A failure kind with bounded cardinality, from a failInfo or a reason text. */
  static String kindOf(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    int fi = t.indexOf("failinfo ");
    if (fi >= 0) {
      String rest = t.substring(fi + 9).replaceAll("[^a-z].*", "");
      return "failInfo " + rest;
    }
    if (t.contains("no route") || t.contains("egress") || t.contains(" is down")) {
      return "egress down";
    }
    if (t.contains("badrequest")) {
      return "failInfo badrequest";
    }
    if (t.contains("500")) {
      return "http 500";
    }
    if (t.contains("pending")) {
      return "pending";
    }
    if (t.contains("timed out") || t.contains("timeout") || t.contains("no answer")) {
      return "timeout";
    }
    if (t.contains("refused")
        || t.contains("connect")
        || t.contains("closed")
        || t.contains("reset")) {
      return "connection";
    }
    if (t.contains("pkimessage")
        || t.contains("parse")
        || t.contains("malformed")
        || t.contains("asn")
        || t.contains("cms")
        || t.contains("garbage")) {
      return "bad reply";
    }
    return "other";
  }
}
