package org.fwsim.hal.ipc;

import org.jctools.queues.MessagePassingQueue;

/**
 * Runs the messages of one mailbox batch on the current thread, catching what they throw; one per
 * worker thread (or per no-thread caller), reused for every batch so draining allocates nothing.
 */
final class MessageRunner implements MessagePassingQueue.Consumer<Runnable> {

  private final WorkerPool pool;
  private Mailbox current;
  private int batchMessages;

  MessageRunner(WorkerPool pool) {
    this.pool = pool;
  }

  /**
   * Drains one batch of {@code mailbox}; returns whether it still has work and must be requeued.
   */
  boolean runBatch(Mailbox mailbox, int limit) {
    current = mailbox;
    batchMessages = 0;
    try {
      return mailbox.drain(this, limit);
    } finally {
      pool.countMessages(batchMessages);
      current = null;
    }
  }

  @Override
  public void accept(Runnable message) {
    batchMessages++;
    try {
      message.run();
    } catch (Throwable error) {
      pool.reportError(current, error);
    }
  }
}
