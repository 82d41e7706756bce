package org.fwsim.firmware.scep.client;

import java.time.InstantSource;
import java.util.concurrent.Executor;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.EgressSelector;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.transport.ScepTransport;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.lang.Require;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.KeyPool;

/**
 * What a VDOM's SCEP client needs from its appliance, wired explicitly (no Appliance dependency).
 *
 * @param mailbox the appliance's mailbox, by its completion path (never refused, so a full mailbox
 *     loses no reply): every transaction step runs there
 * @param clock the appliance's clock (validity checks, log times, last-updated)
 * @param scheduler the simulation's scheduler, for CertPoll intervals (its tasks only post to
 *     {@code mailbox})
 * @param debug the appliance's debug control (scep and forticron traces)
 * @param eventLog the appliance's event log
 * @param vdom the VDOM name (log {@code vd}, egress selection)
 * @param vfid the VDOM index forticron prints
 * @param vdomStore the VDOM's certificate store ({@code range vdom})
 * @param globalStore the global certificate store ({@code range global})
 * @param keys fresh keys for new enrollments and renewals
 * @param requests builds the pkiMessages this VDOM sends and reads the replies (shared)
 * @param egress chooses interface and source towards the CA
 * @param transport sends the requests (each carries its egress) and answers on {@code mailbox}
 * @param policy poll interval, max polls, step timeout
 */
public record ScepContext(
    Executor mailbox,
    InstantSource clock,
    Scheduler scheduler,
    DebugControl debug,
    EventLog eventLog,
    String vdom,
    int vfid,
    CertStore vdomStore,
    CertStore globalStore,
    KeyPool keys,
    PkiRequests requests,
    EgressSelector egress,
    ScepTransport transport,
    ScepPolicy policy) {

  public ScepContext {
    Require.nonNull(
        "mailbox, clock, scheduler, debug, eventLog", mailbox, clock, scheduler, debug, eventLog);
    Require.nonNull("vdom, vdomStore, globalStore", vdom, vdomStore, globalStore);
    Require.nonNull(
        "keys, requests, egress, transport, policy", keys, requests, egress, transport, policy);
  }

  /** The store a certificate of that range lives in. */
  public CertStore store(boolean global) {
    return global ? globalStore : vdomStore;
  }
}
