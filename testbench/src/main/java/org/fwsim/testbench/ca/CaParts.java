package org.fwsim.testbench.ca;

import java.time.Duration;
import java.time.InstantSource;

/**
 * What every protocol front-end of the CA (SCEP, CMP, EST, ACME) shares: one CA's material, clock,
 * policy and records, so each front-end takes the CA whole instead of its parts one by one.
 *
 * @param timeWindow how far a request's signing time may be from the CA's clock
 */
record CaParts(
    CaMaterial material,
    InstantSource clock,
    Duration timeWindow,
    ChallengePasswords challenges,
    ApprovalQueue approvals,
    CertificateIndex index,
    CertificateIssuer issuer) {}
