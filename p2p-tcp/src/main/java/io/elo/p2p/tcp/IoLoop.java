package io.elo.p2p.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: runs the readiness callbacks of the channels registered with it, tasks
 * handed over from other threads, and timers (connect and close deadlines).
 *
 * <p>Everything a connection does to its socket, and every handler call, happens on its loop's
 * thread, which is what makes handler calls serialized and never re-entrant from callers.
 */
final class IoLoop implements Runnable {
  /**
   * Bytes read per {@code read} call, into one direct buffer shared by every connection of the
   * loop: the kernel writes into it and the channel reads (decrypts) from it in place, so the JDK
   * makes no heap copy. Large enough that a big frame's header usually arrives with the 16 KiB that
   * let its decoder allocate it whole.
   */
  static final int READ_BUFFER_SIZE = 128 * 1024;

  /** Reads per readiness callback of one connection, so one busy peer cannot starve the others. */
  static final int READS_PER_WAKEUP = 4;

  private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

  /** What a registered channel's key is attached to. */
  interface Ready {
    /** Called on the loop thread with the key's ready operations. */
    void onReady(SelectionKey key);

    /** Called on the loop thread when the loop shuts down with the channel still registered. */
    void onLoopClosed();
  }

  /** A cancellable timer, loop thread only. */
  static final class Timer implements Comparable<Timer> {
    private final Instant deadline;
    private final Runnable task;
    private boolean cancelled;

    private Timer(Instant deadline, Runnable task) {
      this.deadline = deadline;
      this.task = task;
    }

    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer other) {
      return deadline.compareTo(other.deadline);
    }
  }

  private final Selector selector;
  private final InstantSource clock;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  private final ThreadFactory threadFactory;
  private final Consumer<Throwable> onFailure;
  private volatile boolean running = true;
  private volatile boolean terminated;

  /**
   * A loop whose thread {@code threadFactory} makes; {@code onFailure} hears, after the loop closed
   * its channels, of an exception or error that ended the thread.
   */
  IoLoop(InstantSource clock, ThreadFactory threadFactory, Consumer<Throwable> onFailure) {
    this.clock = clock;
    this.onFailure = onFailure;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.threadFactory = threadFactory;
    this.thread = threadFactory.newThread(this);
  }

  void start() {
    thread.start();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  Thread thread() {
    return thread;
  }

  InstantSource clock() {
    return clock;
  }

  /** The loop's read buffer, cleared; loop thread only. */
  ByteBuffer readBuffer() {
    return readBuffer.clear();
  }

  /** Runs {@code task} on the loop thread, soon; never runs it on the caller's stack. */
  void execute(Runnable task) {
    tasks.add(task);
    if (terminated) {
      // The loop is gone (transport closed): late tasks, such as the onClose of a connection
      // whose handler is set only now, run on a thread of their own, still never on the caller's.
      threadFactory.newThread(this::drainTasks).start();
    } else if (!inLoop() && sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  /** Registers {@code channel}; loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
    return channel.register(selector, ops, ready);
  }

  /** Runs {@code task} on the loop thread after {@code delay}; loop thread only. */
  Timer schedule(Duration delay, Runnable task) {
    Timer timer = new Timer(clock.instant().plus(delay), task);
    timers.add(timer);
    return timer;
  }

  /** Stops the loop: every registered channel gets {@link Ready#onLoopClosed} on the thread. */
  void shutdown() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      while (running) {
        select();
        runTasks();
        runTimers();
      }
    } catch (ClosedSelectorException e) {
      log.debug("selector closed", e);
    } catch (RuntimeException | Error e) {
      // A handler's Error or a bug: the thread is lost, so is every connection it served.
      failure = e;
      log.error("I/O loop {} failed: closing the transport", thread.getName(), e);
    } finally {
      try {
        closeAll();
      } finally {
        if (failure != null) {
          onFailure.accept(failure);
        }
      }
    }
  }

  private void select() {
    int ready;
    try {
      long waitMillis = millisToNextTimer();
      sleeping.set(true);
      if (!tasks.isEmpty() || !running) {
        ready = selector.selectNow();
      } else if (waitMillis < 0) {
        ready = selector.select();
      } else {
        ready = waitMillis == 0 ? selector.selectNow() : selector.select(waitMillis);
      }
    } catch (IOException e) {
      log.warn("select failed", e);
      return;
    } finally {
      sleeping.set(false);
    }
    if (ready > 0) {
      for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey key = it.next();
        it.remove();
        if (key.isValid()) {
          ((Ready) key.attachment()).onReady(key);
        }
      }
    }
  }

  private long millisToNextTimer() {
    while (!timers.isEmpty() && timers.peek().cancelled) {
      timers.poll();
    }
    if (timers.isEmpty()) {
      return -1;
    }
    long nanos = Duration.between(clock.instant(), timers.peek().deadline).toNanos();
    // select(0) would mean "forever": a pending sub-millisecond wait rounds up to 1 ms.
    return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  private void runTasks() {
    // Only the tasks present now: tasks that queue more tasks must not starve the selector.
    for (int n = tasks.size(); n > 0; n--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      runSafely(task);
    }
  }

  private void runTimers() {
    Instant now = clock.instant();
    List<Timer> due = new ArrayList<>();
    while (!timers.isEmpty() && !timers.peek().deadline.isAfter(now)) {
      due.add(timers.poll());
    }
    for (Timer timer : due) {
      if (!timer.cancelled) {
        runSafely(timer.task);
      }
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("I/O task failed", e);
    }
  }

  private void closeAll() {
    runTasks();
    for (SelectionKey key : selector.keys()) {
      runSafely(() -> ((Ready) key.attachment()).onLoopClosed());
    }
    // Tasks queued by the closes (and any queued concurrently) still run, before the selector
    // goes: they complete futures and deliver the last handler calls.
    runTasks();
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("closing selector", e);
    }
    terminated = true;
    drainTasks();
  }

  private synchronized void drainTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      runSafely(task);
    }
  }
}
