package org.fwsim.firmware.cli;

/**
 * A pure check of one staged object before {@code next}/{@code end} commits it.
 *
 * <p>Returns null when the object may be committed, else the name of the offending attribute
 * (printed as {@code node_check_object fail! for <name>}).
 */
@FunctionalInterface
public interface Validator {
  Validator NONE = o -> null;

  String check(ConfigObject object);

  /** This check, then {@code next} when this one passes. */
  default Validator and(Validator next) {
    return o -> {
      String r = check(o);
      return r != null ? r : next.check(o);
    };
  }
}
