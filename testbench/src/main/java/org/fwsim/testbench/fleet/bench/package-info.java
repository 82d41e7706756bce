/**
 * {@code fwsim fleet-bench}: the fleet's targets measured in one run and printed (idle CPU, heap
 * per idle device with and without the management planes, SSH sessions at once, REST requests per
 * second), with the load generators it drives the planes with. Measurements, not tests.
 */
package org.fwsim.testbench.fleet.bench;
