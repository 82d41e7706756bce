package org.fwsim.firmware.scep;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a SCEP client transaction.
 *
 * <p>INFERENCE: FortiOS documents neither its CertPoll interval nor a maximum (reference scep.md
 * open question 1, fortios.md §6). The defaults follow common client practice: poll every 5
 * minutes of appliance (virtual) time, at most 12 times, so a request waiting for manual approval
 * gives up after an hour; each HTTP step may take 30 s (real time, since it guards real socket IO).
 *
 * @param pollInterval virtual time between CertPolls while the CA answers PENDING
 * @param maxPolls     CertPolls sent before the transaction fails as still pending (0: fail on PENDING)
 * @param stepTimeout  time for one HTTP step (connect, request, complete reply)
 */
public record ScepPolicy(Duration pollInterval, int maxPolls, Duration stepTimeout) {

    /** 5 minutes, 12 polls, 30 s per step. */
    public static final ScepPolicy DEFAULTS = new ScepPolicy(Duration.ofMinutes(5), 12, Duration.ofSeconds(30));

    public ScepPolicy {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("SCEP poll interval must be positive, got " + pollInterval);
        }
        if (maxPolls < 0) {
            throw new IllegalArgumentException("SCEP max polls must be >= 0, got " + maxPolls);
        }
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("SCEP step timeout must be positive, got " + stepTimeout);
        }
    }
}
