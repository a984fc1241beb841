package io.elo.node;

import io.elo.sync.ChainProtocol;
import io.elo.sync.SyncStatus;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Decides whether the node is in sync: the best known header is at most {@code maxLag} blocks
 * ahead of the tip. Checked once a second and soon after every tip change, always on the
 * scheduler (never inside a chain listener: the protocol's status takes the protocol lock, which
 * network threads hold while reading the chain state).
 */
final class SyncWatch {
  static final long INTERVAL_MILLIS = 1000;

  private final ChainProtocol protocol;
  private final int maxLag;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Boolean> onCheck;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean inSync = true;
  private volatile boolean closed;
  private ScheduledFuture<?> timer;

  SyncWatch(
      ChainProtocol protocol,
      int maxLag,
      ScheduledExecutorService scheduler,
      Consumer<Boolean> onCheck) {
    this.protocol = protocol;
    this.maxLag = maxLag;
    this.scheduler = scheduler;
    this.onCheck = onCheck;
  }

  synchronized void start() {
    timer =
        scheduler.scheduleWithFixedDelay(
            this::check, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Schedules a check soon (coalesced). */
  void poke() {
    if (!closed && pending.compareAndSet(false, true)) {
      scheduler.execute(
          () -> {
            pending.set(false);
            check();
          });
    }
  }

  /** Whether the last check found the node in sync (true before the first). */
  boolean inSync() {
    return inSync;
  }

  int maxLag() {
    return maxLag;
  }

  private void check() {
    if (closed) {
      return;
    }
    SyncStatus status = protocol.status();
    boolean now = status.bestHeaderHeight().value() - status.tipHeight().value() <= maxLag;
    inSync = now;
    onCheck.accept(now);
  }

  synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
