/**
 * The FortiOS CLI and configuration model of a simulated appliance.
 *
 * <ul>
 *   <li>{@link org.fwsim.firmware.cli.FortiSchema#ROOT}: every table and attribute as data ({@link
 *       org.fwsim.firmware.cli.NodeSchema}, {@link org.fwsim.firmware.cli.Attribute}), shared by
 *       all appliances.
 *   <li>{@link org.fwsim.firmware.cli.ConfigTree}: one appliance's configuration (what was set),
 *       publishing an immutable {@link org.fwsim.firmware.config.ApplianceConfig} after each commit
 *       and telling {@link org.fwsim.firmware.cli.ConfigListener}s.
 *   <li>{@link org.fwsim.firmware.cli.CliSession}: the interpreter; {@code execute(line)} returns
 *       what the console prints; {@code prompt()}, {@code complete()}, {@code help()}.
 *   <li>{@link org.fwsim.firmware.cli.CommandRegistry}: non-config commands ({@code get system
 *       status}, {@code execute}, {@code diagnose}, {@code sim}): each feature keeps their help and
 *       arguments in a schema file beside it ({@code <Feature>Commands.cli}, read by {@link
 *       org.fwsim.firmware.cli.CommandRegistry#load}) and binds handlers by path.
 *   <li>{@link org.fwsim.firmware.cli.ConfigFiles}: load, crash-safe save, factory default.
 * </ul>
 *
 * <p>Error texts: {@code command parse error before 'x'} (unknown word or option, -61), {@code
 * value parse error before 'x'} (bad number, range, length or address, -61), {@code entry not found
 * in datasource} (-3), {@code node_check_object fail! for <attr>} (the staged block is discarded,
 * -651), {@code Unknown action 0} (unknown top-level command, -1). Only -61 and the first message
 * are confirmed by public captures; the rest are INFERENCE (see {@link
 * org.fwsim.firmware.cli.ReturnCodes}).
 */
package org.fwsim.firmware.cli;
