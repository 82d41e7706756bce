package org.fwsim.firmware.cli;

/**
 * The FortiOS tables the simulator knows, as data: fields, types, ranges and defaults from {@code
 * shared/reference/fortios.md} (sections cited inline). One immutable instance, {@link #ROOT}, is
 * shared by every appliance.
 *
 * <p>Each area's tables are built by its own class ({@link SystemSchema}, {@link AdminSchema},
 * {@link RouterSchema}, {@link SdwanSchema}, {@link VpnCertificateSchema}). Where the reference
 * marks a default "unverified" it is used anyway and noted there.
 */
public final class FortiSchema {
  /** The root: every top-level {@code config} path, in {@code show} order. */
  public static final NodeSchema ROOT = build();

  private FortiSchema() {}

  private static NodeSchema build() {
    return NodeSchema.root()
        .child(SystemSchema.systemGlobal())
        .child(SystemSchema.systemInterface())
        .child(SystemSchema.systemAcme())
        .child(AdminSchema.systemAccprofile())
        .child(AdminSchema.systemAdmin())
        .child(AdminSchema.systemConsole())
        .child(VpnCertificateSchema.vpnCertificateCa())
        .child(VpnCertificateSchema.vpnCertificateLocal())
        .child(VpnCertificateSchema.vpnCertificateCrl())
        .child(VpnCertificateSchema.vpnCertificateSetting())
        .child(SdwanSchema.systemSdwan())
        .child(RouterSchema.routerStatic())
        .child(ApiUserSchema.systemApiUser())
        .build();
  }
}
