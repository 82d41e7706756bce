package org.fwsim.firmware.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The services an appliance's firmware offers to the commands its CLI sessions run, one instance
 * per type: a command asks for the narrow interface it needs ({@code EventLog}, {@code
 * DebugControl}, a clock listener) rather than for the whole firmware, so a feature's commands can
 * live in the feature's package without depending on the package that assembles the firmware.
 *
 * <p>Immutable once built; one instance per appliance, shared by all of its sessions.
 */
public final class Services {

  /** No services: a bare session (configuration only), as config files and tests use. */
  public static final Services NONE = new Services(Map.of());

  private final Map<Class<?>, Object> byType;

  private Services(Map<Class<?>, Object> byType) {
    this.byType = byType;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The service registered as {@code type}.
   *
   * @throws IllegalStateException when the firmware offers no such service (a bare session)
   */
  public <T> T get(Class<T> type) {
    Object service = byType.get(type);
    if (service == null) {
      throw new IllegalStateException("this CLI session has no " + type.getSimpleName());
    }
    return type.cast(service);
  }

  /** Collects services; each type once. */
  public static final class Builder {
    private final Map<Class<?>, Object> byType = new HashMap<>();

    private Builder() {}

    /**
     * Registers {@code service} as {@code type}.
     *
     * @throws IllegalArgumentException when {@code type} is registered already
     */
    public <T> Builder add(Class<T> type, T service) {
      Objects.requireNonNull(service, type.getSimpleName());
      if (byType.putIfAbsent(type, type.cast(service)) != null) {
        throw new IllegalArgumentException("service registered twice: " + type.getSimpleName());
      }
      return this;
    }

    public Services build() {
      return new Services(Map.copyOf(byType));
    }
  }
}
