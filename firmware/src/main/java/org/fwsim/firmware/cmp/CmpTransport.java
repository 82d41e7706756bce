package org.fwsim.firmware.cmp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.egress.Egress;

/**
 * Carries one PKIMessage to a CMP server and its answer back (RFC 6712): the port the client's
 * transactions use, so that they can be driven on values without sockets. {@link CmpHttpTransport}
 * carries it over HTTP on Netty.
 */
public interface CmpTransport {

  /**
   * POSTs {@code message} to {@code server}, leaving through {@code egress}. The future completes
   * with the answer's DER on any thread (the caller moves to its mailbox), or fails with a {@link
   * CmpTransportException}. Never blocks.
   */
  CompletableFuture<byte[]> post(CmpServer server, Egress egress, byte[] message, Duration timeout);
}
