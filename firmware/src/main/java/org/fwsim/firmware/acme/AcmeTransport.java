package org.fwsim.firmware.acme;

import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.egress.Egress;

/**
 * Sends one ACME request and gives back the response: the port {@link AcmeClient} drives its
 * sessions through, so they can run on values in tests. {@link AcmeHttpsClient} carries it over
 * HTTPS on Netty.
 */
public interface AcmeTransport {

  /**
   * Sends {@code request} out of {@code egress}; the future fails on TLS, IO or timeout errors
   * (never on an HTTP error status: those are responses). Never blocks; completes on any thread.
   */
  CompletableFuture<AcmeResponse> send(AcmeRequest request, Egress egress);
}
