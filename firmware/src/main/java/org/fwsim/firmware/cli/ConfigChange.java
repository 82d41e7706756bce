package org.fwsim.firmware.cli;

/**
 * A committed change: which scope and which top-level path ({@code system interface}, or {@code
 * vdom} when VDOMs were created or deleted).
 *
 * @param vdom the VDOM whose configuration changed, or null for global configuration
 * @param path the top-level {@code config} path that changed; "" after a file load, when any part
 *     may have changed
 */
public record ConfigChange(String vdom, String path) {}
