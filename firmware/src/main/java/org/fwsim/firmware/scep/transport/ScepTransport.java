package org.fwsim.firmware.scep.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.fwsim.firmware.debug.DebugControl;

/**
 * Sends one SCEP request and gives the response back on the appliance's mailbox: the port the SCEP
 * client's transactions use, so that they can be driven on values without sockets. {@link
 * ScepHttpClient} carries it over HTTP on Netty.
 */
public interface ScepTransport {

  /**
   * Sends {@code request}. Exactly one of {@code onOk} / {@code onError} runs, on {@code
   * completions} (an appliance mailbox that never rejects). Never blocks.
   *
   * @param debug the appliance's debug control, for the forticron and scep traces
   */
  void send(
      ScepHttpRequest request,
      DebugControl debug,
      Executor completions,
      Consumer<ScepHttpResponse> onOk,
      Consumer<ScepTransportException> onError);

  /**
   * {@link #send(ScepHttpRequest, DebugControl, Executor, Consumer, Consumer)} as a future,
   * completed on {@code completions}; it fails with {@link ScepTransportException}.
   */
  default CompletableFuture<ScepHttpResponse> send(
      ScepHttpRequest request, DebugControl debug, Executor completions) {
    CompletableFuture<ScepHttpResponse> result = new CompletableFuture<>();
    send(request, debug, completions, result::complete, result::completeExceptionally);
    return result;
  }
}
