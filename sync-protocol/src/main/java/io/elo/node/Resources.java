package io.elo.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node opened or created and must release: executors it created (shut down last) and
 * closeable resources (closed in reverse order of opening). Used to undo a failed build; a
 * started node closes its components itself, in its own order, then calls {@link
 * #shutdownExecutors()}.
 */
final class Resources {
  private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

  /** A resource whose close may throw anything checked. */
  @FunctionalInterface
  interface Closer {
    void close() throws Exception;
  }

  private final List<ExecutorService> executors = new ArrayList<>();
  private final Deque<Closer> closers = new ArrayDeque<>();

  <T extends ExecutorService> T executor(T executor) {
    executors.add(executor);
    return executor;
  }

  void onFailure(Closer closer) {
    closers.push(closer);
  }

  /** Closes every resource (newest first), logging failures, then shuts down the executors. */
  void closeAll() {
    while (!closers.isEmpty()) {
      closeQuietly(closers.pop(), "resource");
    }
    shutdownExecutors();
  }

  void shutdownExecutors() {
    executors.forEach(ExecutorService::shutdownNow);
  }

  static void closeQuietly(Closer closer, String what) {
    try {
      closer.close();
    } catch (Exception | AssertionError e) {
      LOG.warn("closing the {} failed", what, e);
    }
  }
}
