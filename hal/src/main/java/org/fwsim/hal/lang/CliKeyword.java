package org.fwsim.hal.lang;

import java.util.Locale;

/**
 * An enum whose constants are named after their FortiOS CLI keywords: upper case, with '_' where
 * the keyword has '-' ({@code TCP_CONNECT} is {@code tcp-connect}). Configuration models read and
 * print those keywords through it, so every such enum spells them one way.
 */
public interface CliKeyword {

  /** The constant's name, as every enum has it. */
  String name();

  /** The FortiOS CLI keyword. */
  default String keyword() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} that a CLI keyword names.
   *
   * @throws IllegalArgumentException when none does
   */
  static <E extends Enum<E> & CliKeyword> E fromCli(Class<E> type, String keyword) {
    return Enum.valueOf(type, keyword.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
