package org.fwsim.hal.ipc;

/** Told about a message that threw; the worker carries on with the next message. */
@FunctionalInterface
public interface MessageErrorHandler {

  /** {@code error} escaped a message run from {@code mailbox}; called on the worker thread. */
  void onError(Mailbox mailbox, Throwable error);
}
