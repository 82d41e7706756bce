package org.fwsim.hal.clock;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fwsim.hal.lang.Threads;

/**
 * All timers of one simulation: deadlines on the {@link SimClock}, kept in an indexed binary heap
 * (schedule and cancel in O(log n)), fired in deadline order, ties in scheduling order.
 *
 * <p><b>Tasks run on the scheduler's single thread and must only post a message to a mailbox</b>
 * (e.g. {@code timer task = () -> appliance.mailbox().execute(cron::onCertUpdTimer)}): a task that
 * blocks or computes delays every other timer of the fleet, and one that touches appliance state
 * directly breaks the one-thread-per-appliance rule.
 *
 * <p>Two ways to run it, the same code underneath (Agrona's agent/invoker idea):
 *
 * <ul>
 *   <li>{@link #start()}: one thread. In REALTIME and SCALED it parks on a condition until the next
 *       deadline in real time, woken early by an earlier timer or a clock change. In FAST_FORWARD
 *       it jumps the clock to the next deadline only when {@link Activity} is quiet.
 *   <li>No thread: the test thread calls {@link #runDue()}, {@link #advanceToNextDeadline()} or
 *       {@link #doWork()}; fully deterministic.
 * </ul>
 */
public final class Scheduler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

  /** Upper bound of one idle wait, so a mode change or stop is seen even without a wake-up. */
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final SimClock clock;
  private final Activity activity;
  private final Consumer<Throwable> errorHandler;
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when the earliest deadline or the clock changed. */
  private final Condition changed = lock.newCondition();

  /** Signalled when a due timer leaves the heap (taken to fire, or cancelled). */
  private final Condition taken = lock.newCondition();

  private final IndexedHeap<Timer> heap = new IndexedHeap<>(Timer::byDeadline, 64);
  private final LongAdder taskErrors = new LongAdder();
  private final Runnable clockListener = this::wake;
  private long nextSequence;
  private volatile Thread thread;
  private volatile boolean running;

  /** A scheduler whose task exceptions are counted and logged. */
  public Scheduler(SimClock clock, Activity activity) {
    this(
        clock, activity, error -> LOG.log(System.Logger.Level.WARNING, "timer task failed", error));
  }

  /** A scheduler whose task exceptions are counted and handed to {@code errorHandler}. */
  public Scheduler(SimClock clock, Activity activity, Consumer<Throwable> errorHandler) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.activity = Objects.requireNonNull(activity, "activity");
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    clock.addListener(clockListener);
  }

  /** Fires {@code task} once the simulation time reaches {@code deadlineMillis} (epoch millis). */
  public Timer schedule(long deadlineMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      Timer timer = new Timer(this, deadlineMillis, nextSequence++, task);
      heap.add(timer);
      if (heap.peek() == timer) {
        changed.signal();
      }
      return timer;
    } finally {
      lock.unlock();
    }
  }

  /** Fires {@code task} after {@code delay} of simulation time from now. */
  public Timer scheduleAfter(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("timer delay must not be negative: " + delay);
    }
    return schedule(clock.millis() + delay.toMillis(), task);
  }

  boolean cancel(Timer timer) {
    lock.lock();
    try {
      boolean removed = heap.remove(timer);
      if (removed) {
        timer.task = null;
        taken.signalAll();
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  boolean isPending(Timer timer) {
    return underLock(timer::inHeap);
  }

  /** Timers waiting to fire. */
  public int pendingTimers() {
    return underLock(heap::size);
  }

  /** The earliest pending deadline, if any. */
  public OptionalLong nextDeadline() {
    return underLock(
        () -> {
          Timer head = heap.peek();
          return head == null ? OptionalLong.empty() : OptionalLong.of(head.deadline);
        });
  }

  /** What {@code query} reads of the heap under the lock, so it sees no change half made. */
  private <T> T underLock(Supplier<T> query) {
    lock.lock();
    try {
      return query.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no timer is due (every one whose deadline has passed has been taken to fire, or
   * cancelled), at most {@code timeout}; returns whether none is due. For a caller that waits for
   * the simulation to settle: when nothing runs but a timer is due, the scheduler thread has yet to
   * take it, and this waits for that rather than for time to pass.
   */
  public boolean awaitNoneDue(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (due() && nanos > 0) {
        nanos = taken.awaitNanos(nanos);
      }
      return !due();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: whether the earliest timer's deadline has been reached. */
  private boolean due() {
    Timer head = heap.peek();
    return head != null && head.deadline <= clock.millis();
  }

  /** Tasks that threw since this scheduler was made. */
  public long taskErrors() {
    return taskErrors.sum();
  }

  /** The clock this scheduler fires on. */
  public SimClock clock() {
    return clock;
  }

  /** Runs every timer whose deadline has been reached, in order; returns how many ran. */
  public int runDue() {
    int fired = 0;
    Timer timer;
    // One at a time, so a task that cancels a later, equally due timer really cancels it.
    while ((timer = pollDue(clock.millis())) != null) {
      fire(timer);
      fired++;
    }
    return fired;
  }

  /**
   * Test driving: moves the clock to the earliest deadline (if in the future) and runs what is due;
   * returns how many timers ran (0 if none were pending).
   */
  public int advanceToNextDeadline() {
    OptionalLong next = nextDeadline();
    if (next.isEmpty()) {
      return 0;
    }
    clock.advanceTo(next.getAsLong());
    return runDue();
  }

  /**
   * Test driving, like fast-forward without threads: fires every timer up to {@code targetMillis}
   * deadline by deadline, calling {@code settle} (typically {@code pool::runUntilIdle}) after each
   * deadline so the messages they post run, and may schedule more, before the clock moves on; then
   * leaves the clock at {@code targetMillis} (if it was not already later). Returns how many timers
   * ran.
   */
  public int runUntil(long targetMillis, Runnable settle) {
    Objects.requireNonNull(settle, "settle");
    settle.run();
    int fired = runDue();
    settle.run();
    OptionalLong next;
    while ((next = nextDeadline()).isPresent() && next.getAsLong() <= targetMillis) {
      fired += advanceToNextDeadline();
      settle.run();
    }
    clock.advanceTo(targetMillis);
    return fired;
  }

  /**
   * One duty cycle, the one the scheduler thread runs: fires due timers; if none were due, the
   * clock is in FAST_FORWARD and the {@link Activity} is quiet, jumps to the next deadline and
   * fires what is due there. Returns how many timers ran.
   */
  public int doWork() {
    int fired = runDue();
    if (fired == 0 && clock.mode() == ClockMode.FAST_FORWARD && activity.isQuiet()) {
      fired = advanceToNextDeadline();
    }
    return fired;
  }

  /** Starts the scheduler thread named {@code fwsim-scheduler}. */
  public void start() {
    start("fwsim-scheduler");
  }

  /** Starts the scheduler thread with the given name; a scheduler starts at most once. */
  public void start(String threadName) {
    Objects.requireNonNull(threadName, "threadName");
    lock.lock();
    try {
      if (thread != null) {
        throw new IllegalStateException("scheduler already started on thread " + thread.getName());
      }
      running = true;
      Thread t = new Thread(this::runLoop, threadName);
      t.setDaemon(true);
      thread = t;
      t.start();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the scheduler thread, if any, and waits for it to end; pending timers stay pending. */
  @Override
  public void close() {
    clock.removeListener(clockListener);
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    t.interrupt();
    Threads.joinUninterruptibly(t);
  }

  private void runLoop() {
    try {
      while (running) {
        if (doWork() == 0) {
          idle();
        }
      }
    } catch (InterruptedException e) {
      // close(): leave quietly
    }
  }

  /**
   * Waits for whatever can make a timer due: real time passing, a new head, a clock change, quiet.
   */
  private void idle() throws InterruptedException {
    boolean awaitQuiet = false;
    lock.lock();
    try {
      Timer head = heap.peek();
      if (head == null) {
        changed.awaitNanos(MAX_IDLE_NANOS);
      } else if (clock.mode() == ClockMode.FAST_FORWARD) {
        awaitQuiet = true;
      } else {
        long nanos = clock.realNanosUntil(head.deadline);
        if (nanos > 0) {
          changed.awaitNanos(Math.min(nanos, MAX_IDLE_NANOS));
        }
      }
    } finally {
      lock.unlock();
    }
    if (awaitQuiet) {
      activity.awaitQuiet(MAX_IDLE_NANOS, TimeUnit.NANOSECONDS);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Timer pollDue(long now) {
    lock.lock();
    try {
      Timer head = heap.peek();
      if (head == null || head.deadline > now) {
        return null;
      }
      // The timer holds an activity token from the moment it leaves the heap until its task has
      // run (and posted its follow-up work), so nobody sees "no timer due and nothing in flight"
      // while a due timer is being handed over.
      activity.begin();
      taken.signalAll();
      return heap.poll();
    } finally {
      lock.unlock();
    }
  }

  private void fire(Timer timer) {
    Runnable task = timer.task;
    timer.task = null;
    try {
      task.run();
    } catch (Throwable error) {
      taskErrors.increment();
      errorHandler.accept(error);
    } finally {
      activity.end();
    }
  }
}
