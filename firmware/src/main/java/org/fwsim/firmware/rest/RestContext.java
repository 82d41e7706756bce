package org.fwsim.firmware.rest;

import java.util.function.Supplier;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;

/**
 * What the REST API and its monitors read from the appliance, handed whole from {@link RestApi} to
 * {@link Monitors}.
 *
 * @param config the configuration in force (a restore may replace it)
 * @param cli a new CLI session on it, for writes and the commands monitors run
 * @param appliance the appliance answering (serial, clock, certificate stores, VDOMs)
 */
record RestContext(Supplier<ConfigTree> config, Supplier<CliSession> cli, Appliance appliance) {}
