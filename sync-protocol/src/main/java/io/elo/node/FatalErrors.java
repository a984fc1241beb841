package io.elo.node;

import io.elo.node.NodeFailure.Source;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node's parts report fatal errors, and the threads and scheduler the node creates, which
 * report their own. The first report stops the node once: a log line, then on a thread of its own
 * {@link Node#close()} and the application's handler ({@link NodeBuilder#onFatalError}). Never
 * exits the JVM. Reports before the node exists (during its build) wait for {@link #bind}.
 */
final class FatalErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

  private final Consumer<NodeFailure> handler;
  private final AtomicReference<NodeFailure> first = new AtomicReference<>();
  // Guarded by this.
  private Node node;
  private boolean stopping;

  /** Fatal errors go to {@code handler} (may be null) after the node closed. */
  FatalErrors(Consumer<NodeFailure> handler) {
    this.handler = handler;
  }

  /** The first failure reported, or null. */
  NodeFailure failure() {
    return first.get();
  }

  /** {@code source} failed with {@code cause}: stops the node, unless an earlier failure did. */
  void report(Source source, Throwable cause) {
    NodeFailure failure = new NodeFailure(source, cause);
    if (!first.compareAndSet(null, failure)) {
      LOG.debug("the {} failed after an earlier fatal error", source.description(), cause);
      return;
    }
    Node target;
    synchronized (this) {
      target = node;
      stopping |= target != null;
    }
    if (target != null) {
      stop(target, failure);
    }
  }

  /** The node is built: from now on a failure stops it (at once, if one came during the build). */
  void bind(Node built) {
    NodeFailure early;
    synchronized (this) {
      node = built;
      early = stopping ? null : first.get();
      stopping |= early != null;
    }
    if (early != null) {
      stop(built, early);
    }
  }

  /** Daemon threads named {@code name} whose death by an uncaught error is {@code source}'s. */
  ThreadFactory threads(String name, Source source) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      t.setUncaughtExceptionHandler(
          (thread, e) -> {
            LOG.error("thread {} died", thread.getName(), e);
            if (e instanceof Error) {
              report(source, e);
            }
          });
      return t;
    };
  }

  /**
   * A one-thread scheduler named {@code name}. Its tasks' errors would stay inside their futures,
   * where nobody looks: an {@link Error} is reported, and a periodic task that dies of an exception
   * (it would silently never run again) is logged.
   */
  ScheduledExecutorService scheduler(String name) {
    return new ScheduledThreadPoolExecutor(1, threads(name, Source.SCHEDULER)) {
      @Override
      protected void afterExecute(Runnable task, Throwable thrown) {
        super.afterExecute(task, thrown);
        Throwable failure = thrown != null ? thrown : failureOf(task);
        if (failure instanceof Error) {
          report(Source.SCHEDULER, failure);
        } else if (failure != null
            && task instanceof RunnableScheduledFuture<?> f
            && f.isPeriodic()
            && !isShutdown()) {
          LOG.error("a periodic task of the node's scheduler failed and stops", failure);
        }
      }
    };
  }

  private static Throwable failureOf(Runnable task) {
    if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
      try {
        future.get();
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (CancellationException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return null;
  }

  private void stop(Node target, NodeFailure failure) {
    try {
      Source source = failure.source();
      if (source != Source.SCHEDULER) {
        // The transport, the writer queue, the chain state or the thread's handler logged the
        // stack trace already.
        LOG.error(
            "fatal error in the {}: {}; stopping the node",
            source.description(),
            failure.cause().toString());
      } else {
        LOG.error(
            "fatal error in the {}: stopping the node", source.description(), failure.cause());
      }
    } catch (RuntimeException | Error e) {
      // Logging may fail as well (out of memory): the node is stopped all the same.
    }
    Runnable stop =
        () -> {
          if (!target.closeAfterFailure()) {
            LOG.warn(
                "the node was already closed when its {} failed", failure.source().description());
            return;
          }
          if (handler != null) {
            try {
              handler.accept(failure);
            } catch (RuntimeException e) {
              LOG.warn("the fatal error handler failed", e);
            }
          }
        };
    try {
      // Not a daemon: the close must finish even if no other thread is left. Not the failed
      // thread either, whose stack may be nearly exhausted (a StackOverflowError).
      new Thread(stop, "elo-fatal-stop").start();
    } catch (OutOfMemoryError e) {
      stop.run();
    }
  }
}
