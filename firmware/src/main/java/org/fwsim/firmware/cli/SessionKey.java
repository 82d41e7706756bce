package org.fwsim.firmware.cli;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A typed key for state that a registered command keeps per console session ({@code execute log
 * filter}: each admin session has its own filter). Keys compare by identity: declare each one as a
 * constant of the feature that owns the state.
 *
 * @param <T> the type of the state; immutable values are easiest (replace them with {@link
 *     CliSession#setState})
 */
public final class SessionKey<T> {
  private final String name;
  private final Supplier<T> initial;

  private SessionKey(String name, Supplier<T> initial) {
    this.name = name;
    this.initial = initial;
  }

  /**
   * A new key.
   *
   * @param name for messages only
   * @param initial the state of a session that has not set it yet
   */
  public static <T> SessionKey<T> of(String name, Supplier<T> initial) {
    return new SessionKey<>(Objects.requireNonNull(name), Objects.requireNonNull(initial));
  }

  T initial() {
    return initial.get();
  }

  @Override
  public String toString() {
    return "SessionKey[" + name + "]";
  }
}
