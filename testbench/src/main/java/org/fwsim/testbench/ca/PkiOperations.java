package org.fwsim.testbench.ca;

/**
 * Answers a PKIOperation's pkiMessage: decrypt, verify, decide and encode the CertRep. Runs on a CA
 * worker thread, never on an event loop; must not throw (a bad request is an answer).
 */
interface PkiOperations {

  PkiAnswer answer(byte[] pkiMessage, CaFaults faults);
}
