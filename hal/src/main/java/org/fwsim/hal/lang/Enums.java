package org.fwsim.hal.lang;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finding the constant of an enum by one of its values (a wire code, an OID, a CLI keyword): the
 * one loop every protocol and CLI enum needs to read what it writes.
 */
public final class Enums {

  private Enums() {}

  /** The first constant of {@code type}, in declaration order, that {@code matches}. */
  public static <E extends Enum<E>> Optional<E> find(Class<E> type, Predicate<? super E> matches) {
    for (E constant : type.getEnumConstants()) {
      if (matches.test(constant)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
