package org.fwsim.firmware.cmp;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * What every CMP transaction of one appliance works with, handed whole from {@link CmpClient} to
 * each {@link CmpTransaction}.
 *
 * @param mailbox the appliance's mailbox: every answer is handled there
 * @param later delays on the appliance's clock (a CA's checkAfter)
 * @param clock the appliance's clock (message times, validity checks)
 * @param transport sends each message out of its egress
 * @param trace {@code diagnose debug application cmp} lines
 * @param requests builds the messages the client sends
 * @param timeout the time allowed for each HTTP exchange
 */
record CmpContext(
    Executor mailbox,
    CmpClient.Later later,
    InstantSource clock,
    CmpTransport transport,
    CmpTrace trace,
    CmpRequests requests,
    Duration timeout) {}
