package org.fwsim.firmware.cron;

import java.util.Locale;
import java.util.Objects;

/**
 * Which certificate forticron schedules: its table, its {@code edit} name and where it lives. Two
 * certificates with the same identity are the same entry, whatever their settings.
 *
 * @param name the {@code edit} name
 * @param type local or CA
 * @param range {@code set range global|vdom}
 * @param vdom the VDOM whose event log gets the entries; for a global certificate the management
 *     VDOM (usually {@code root})
 * @param vfid the VDOM id forticron prints ({@code vfid 0} for global certificates)
 */
public record CertificateIdentity(String name, Type type, Range range, String vdom, int vfid) {

  /** Which table the certificate lives in, spelled as {@code diagnose test} prints it. */
  public enum Type {
    LOCAL,
    CA;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code set range}: the global scope or one VDOM. */
  public enum Range {
    GLOBAL,
    VDOM;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CertificateIdentity {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("certificate name must not be empty");
    }
    Objects.requireNonNull(type, () -> "certificate " + name + ": type");
    Objects.requireNonNull(range, () -> "certificate " + name + ": range");
    Objects.requireNonNull(vdom, () -> "certificate " + name + ": vdom");
    if (vfid < 0) {
      throw new IllegalArgumentException(
          "certificate " + name + ": vfid must be >= 0, got " + vfid);
    }
  }

  public boolean isGlobal() {
    return range == Range.GLOBAL;
  }

  /** {@code local c1 (global, vfid 0)}, or with the VDOM's name for a VDOM certificate. */
  @Override
  public String toString() {
    return type.cliName()
        + " "
        + name
        + " ("
        + range.cliName()
        + (isGlobal() ? "" : " " + vdom)
        + ", vfid "
        + vfid
        + ")";
  }
}
