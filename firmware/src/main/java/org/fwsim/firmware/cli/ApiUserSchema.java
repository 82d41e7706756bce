package org.fwsim.firmware.cli;

/**
 * The {@code config system api-user} table, as data: REST API administrators that authenticate with
 * a token ({@code execute api-user generate-key}) rather than a password. The key is kept as a hash
 * inside the concealed {@code ENC} form, so {@code show} never reveals a usable token.
 */
final class ApiUserSchema {

  private ApiUserSchema() {}

  static NodeSchema systemApiUser() {
    NodeSchema trusthost =
        NodeSchema.numbered("trusthost", "Trusthost.", "id", 1, 4294967295L)
            .ipMask(
                "ipv4-trusthost",
                "IPv4 trusted host address and netmask, syntax: X.X.X.X/24; all when unset.")
            .build();
    return NodeSchema.named("system api-user", "Configure API users.", 35)
        .global()
        .string("comments", 255, "", "Comment.")
        .password("api-key", "Admin user password (set by execute api-user generate-key).")
        .string("accprofile", 35, "", "Admin user access profile.")
        .strings("vdom", 31, "Virtual domains.")
        .child(trusthost)
        .build();
  }
}
