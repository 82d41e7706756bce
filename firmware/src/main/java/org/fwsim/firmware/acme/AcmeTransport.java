package org.fwsim.firmware.acme;

import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.egress.Egress;

/**
 * Opens the conversations {@link AcmeClient} drives its sessions through, one per enrollment, so
 * they can run on values in tests. {@link AcmeHttpsClient} carries them over HTTPS on Netty.
 */
public interface AcmeTransport {

  /** A conversation whose connections leave through {@code egress}; nothing is sent yet. */
  Conversation open(Egress egress);

  /**
   * One enrollment's requests, sent one at a time on as few connections as the server allows
   * (HTTP/1.1 keep-alive): a new connection only when the server closed the last one or the request
   * goes to another host. Closed when the enrollment ends, however it ends.
   */
  interface Conversation extends AutoCloseable {

    /**
     * Sends {@code request} once the previous answer arrived; the future fails on TLS, IO or
     * timeout errors (never on an HTTP error status: those are responses). Never blocks; completes
     * on any thread.
     */
    CompletableFuture<AcmeResponse> send(AcmeRequest request);

    /** Closes the connection, if one is open; any thread, more than once. */
    @Override
    void close();
  }
}
