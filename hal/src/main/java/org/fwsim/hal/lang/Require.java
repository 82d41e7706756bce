package org.fwsim.hal.lang;

/**
 * The null checks of a record's compact constructor in one statement: the components it cannot work
 * without, named as its Javadoc names them, so that a wiring mistake fails where the record is
 * made, naming the component, rather than later on a mailbox.
 */
public final class Require {

  private static final String SEPARATOR = ", ";

  private Require() {}

  /**
   * Checks that no value is null.
   *
   * @param names the values' names in their order, separated by {@code ", "}; the message of the
   *     exception for a null value is its name alone
   * @throws NullPointerException for the first null value
   * @throws IllegalArgumentException when {@code names} does not name each value exactly once (a
   *     mistake of the caller, found by whatever first makes the record)
   */
  public static void nonNull(String names, Object... values) {
    int from = 0;
    for (int i = 0; i < values.length; i++) {
      int end = names.indexOf(SEPARATOR, from);
      boolean last = i == values.length - 1;
      if (last != (end < 0)) {
        throw new IllegalArgumentException(
            "'" + names + "' does not name " + values.length + " values");
      }
      if (last) {
        end = names.length();
      }
      if (values[i] == null) {
        throw new NullPointerException(names.substring(from, end));
      }
      from = end + SEPARATOR.length();
    }
  }
}
