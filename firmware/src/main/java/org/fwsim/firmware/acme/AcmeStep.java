package org.fwsim.firmware.acme;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** What an {@link AcmeSession} asks its driver to do next. */
public sealed interface AcmeStep {

  /** Send this request now and feed the response back. */
  record Send(AcmeRequest request) implements AcmeStep {}

  /** Wait {@code delay} (the server's {@code Retry-After}, else the poll interval), then send. */
  record Wait(java.time.Duration delay, AcmeRequest then) implements AcmeStep {
    public Wait {
      delay = delay.isNegative() ? Duration.ZERO : delay;
    }
  }

  /**
   * Start answering {@code GET /.well-known/acme-challenge/<token>} with {@code keyAuthorization},
   * then send {@code then} (which tells the server to validate).
   */
  record Answer(String token, String keyAuthorization, AcmeRequest then) implements AcmeStep {}

  /**
   * The certificate was issued and checked: the chain as downloaded (leaf first), the account URL
   * the server knows the key by.
   */
  record Issued(List<X509Certificate> chain, URI account) implements AcmeStep {
    public Issued {
      chain = List.copyOf(chain);
    }

    /** The issued certificate. */
    public X509Certificate leaf() {
      return chain.get(0);
    }
  }
}
