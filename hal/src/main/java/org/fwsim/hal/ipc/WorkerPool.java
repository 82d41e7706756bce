package org.fwsim.hal.ipc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.lang.Threads;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * A few worker threads that run the mailboxes of every appliance: an idle mailbox costs no thread
 * and no CPU; a mailbox with work sits once on a ready queue until a worker drains a bounded batch
 * of it, then goes back to the tail if it still has work (so a flooding appliance cannot starve the
 * others).
 *
 * <p>With zero threads the pool is driven by the caller through {@link #runUntilIdle()}, for
 * deterministic tests.
 */
public final class WorkerPool implements AutoCloseable {

  /** Messages a worker runs from one mailbox before moving on to the next ready mailbox. */
  public static final int DEFAULT_BATCH = 64;

  /** Messages a mailbox may hold before {@code execute} rejects more. */
  public static final int DEFAULT_MAILBOX_CAPACITY = 1 << 16;

  /** First chunk of a mailbox queue: what an idle mailbox keeps allocated. */
  static final int MAILBOX_CHUNK = 8;

  /** Empty polls spent spinning, then yielding, before a worker parks (Agrona's backoff idea). */
  private static final int SPINS = 100;

  private static final int YIELDS = 100;

  private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

  private final String name;
  private final int batch;
  private final int mailboxCapacity;
  private final Activity activity;
  private final MessageErrorHandler errorHandler;

  /** Mailboxes that have work, each at most once; one queue for the whole fleet, so padded. */
  private final MpmcUnboundedXaddArrayQueue<Mailbox> ready =
      new MpmcUnboundedXaddArrayQueue<>(1024);

  private final List<Worker> workers = new ArrayList<>();
  private final LongAdder messagesRun = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final MessageRunner callerRunner = new MessageRunner(this);
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * A pool of {@code threads} workers (0: no threads, see {@link #runUntilIdle()}), default batch
   * and capacity.
   */
  public WorkerPool(String name, int threads, Activity activity) {
    this(
        name,
        threads,
        DEFAULT_BATCH,
        DEFAULT_MAILBOX_CAPACITY,
        activity,
        (mailbox, error) ->
            LOG.log(
                System.Logger.Level.WARNING,
                "message in mailbox " + mailbox.owner() + " failed",
                error));
  }

  /** A fully configured pool; worker threads are named {@code name-0 .. name-(threads-1)}. */
  public WorkerPool(
      String name,
      int threads,
      int batch,
      int mailboxCapacity,
      Activity activity,
      MessageErrorHandler errorHandler) {
    this.name = Objects.requireNonNull(name, "name");
    if (threads < 0) {
      throw new IllegalArgumentException(
          "worker pool " + name + ": threads must be >= 0, got " + threads);
    }
    if (batch < 1) {
      throw new IllegalArgumentException(
          "worker pool " + name + ": batch must be >= 1, got " + batch);
    }
    if (mailboxCapacity <= MAILBOX_CHUNK) {
      throw new IllegalArgumentException(
          "worker pool "
              + name
              + ": mailbox capacity must be > "
              + MAILBOX_CHUNK
              + ", got "
              + mailboxCapacity);
    }
    this.batch = batch;
    this.mailboxCapacity = mailboxCapacity;
    this.activity = Objects.requireNonNull(activity, "activity");
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    for (int i = 0; i < threads; i++) {
      workers.add(new Worker(name + "-" + i));
    }
  }

  /** One worker per available processor. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** A new, idle mailbox for {@code owner} (an appliance serial or a daemon name). */
  public Mailbox newMailbox(String owner) {
    return new Mailbox(
        Objects.requireNonNull(owner, "owner"), this, MAILBOX_CHUNK, mailboxCapacity);
  }

  /** Starts the worker threads; messages posted before start wait for it. */
  public void start() {
    if (workers.isEmpty()) {
      throw new IllegalStateException(
          "worker pool " + name + " has no threads: drive it with runUntilIdle()");
    }
    if (closed) {
      throw new IllegalStateException("worker pool " + name + " is closed");
    }
    if (started) {
      throw new IllegalStateException("worker pool " + name + " already started");
    }
    started = true;
    for (Worker worker : workers) {
      worker.thread.start();
    }
  }

  /**
   * No-thread mode: runs ready mailboxes on the calling thread, a batch at a time and round robin,
   * until none has work (including work posted meanwhile); returns the number of messages run.
   */
  public long runUntilIdle() {
    if (!workers.isEmpty()) {
      throw new IllegalStateException(
          "worker pool " + name + " has worker threads; runUntilIdle() is for a pool of 0 threads");
    }
    long before = messagesRun.sum();
    Mailbox mailbox;
    while ((mailbox = ready.poll()) != null) {
      runOnce(callerRunner, mailbox);
    }
    return messagesRun.sum() - before;
  }

  /**
   * Stops the workers after their current batch and waits for them to end; messages left are
   * dropped.
   */
  @Override
  public void close() {
    closed = true;
    for (Worker worker : workers) {
      LockSupport.unpark(worker.thread);
    }
    for (Worker worker : workers) {
      if (worker.thread != Thread.currentThread() && started) {
        Threads.joinUninterruptibly(worker.thread);
      }
    }
  }

  /** The pool's name, the prefix of its thread names. */
  public String name() {
    return name;
  }

  /** Worker threads (0 in no-thread mode). */
  public int threads() {
    return workers.size();
  }

  /** Messages run so far. */
  public long messagesRun() {
    return messagesRun.sum();
  }

  /** Messages that threw so far. */
  public long errors() {
    return errors.sum();
  }

  boolean isClosed() {
    return closed;
  }

  /** Called once per idle-to-scheduled transition of {@code mailbox}. */
  void makeReady(Mailbox mailbox) {
    activity.begin(); // before it becomes visible to a worker, which may end() it at once
    ready.offer(mailbox);
    wakeOneWorker();
  }

  void countMessages(int count) {
    messagesRun.add(count);
  }

  void reportError(Mailbox mailbox, Throwable error) {
    errors.increment();
    try {
      errorHandler.onError(mailbox, error);
    } catch (Throwable handlerError) {
      // A broken handler must not kill the worker either.
      LOG.log(
          System.Logger.Level.ERROR,
          "message error handler of pool " + name + " failed",
          handlerError);
    }
  }

  private void runOnce(MessageRunner runner, Mailbox mailbox) {
    if (runner.runBatch(mailbox, batch)) {
      ready.offer(mailbox); // still holds its activity token
    } else {
      activity.end();
    }
  }

  private void wakeOneWorker() {
    for (Worker worker : workers) {
      if (worker.unparkIfParked()) {
        return;
      }
    }
  }

  /** One worker thread: polls the ready queue, spins briefly when it is empty, then parks. */
  private final class Worker implements Runnable {

    private static final AtomicIntegerFieldUpdater<Worker> PARKED =
        AtomicIntegerFieldUpdater.newUpdater(Worker.class, "parked");

    final Thread thread;
    private final MessageRunner runner = new MessageRunner(WorkerPool.this);
    private volatile int parked;

    Worker(String threadName) {
      thread = new Thread(this, threadName);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      int idle = 0;
      while (!closed) {
        Mailbox mailbox = ready.poll();
        if (mailbox != null) {
          runOnce(runner, mailbox);
          idle = 0;
        } else if (++idle <= SPINS) {
          Thread.onSpinWait();
        } else if (idle <= SPINS + YIELDS) {
          // A message is often only microseconds away; an unpark costs more than a few yields.
          Thread.yield();
        } else {
          park();
          idle = 0;
        }
      }
    }

    private void park() {
      parked = 1;
      // Announced before the last look: a producer offers then looks for a parked worker, so
      // either we see its mailbox here or it sees us parked and unparks us.
      if (ready.isEmpty() && !closed) {
        LockSupport.park(this);
      }
      parked = 0;
    }

    /** Claims this worker for one wake-up; false if it was not parked or already claimed. */
    boolean unparkIfParked() {
      if (parked == 1 && PARKED.compareAndSet(this, 1, 0)) {
        LockSupport.unpark(thread);
        return true;
      }
      return false;
    }
  }
}
