/**
 * What makes the shards of one storm one measurement: the common start ({@code --storm-at}) and the
 * run's identity. The shards share no protocol; a batch scheduler (a Kubernetes Indexed Job) starts
 * them and {@code fwsim report merge} adds up what they wrote.
 */
package org.fwsim.testbench.shard;
