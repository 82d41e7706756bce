package org.fwsim.firmware.config;

/**
 * Effective {@code config system global}.
 *
 * @param hostname the prompt name
 * @param multiVdom {@code vdom-mode multi-vdom}
 * @param managementVdom VDOM carrying the appliance's own management traffic
 * @param timezone {@code set timezone} as typed (see {@link FortiTimezone})
 */
public record SystemGlobalConfig(
    String hostname,
    String alias,
    boolean multiVdom,
    String managementVdom,
    int adminTimeoutMinutes,
    int adminSport,
    String timezone) {}
