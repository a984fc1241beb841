package io.elo.p2p.tcp;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link FrameHandler} that records what it sees and every breach of the Connection threading
 * contract: overlapping calls, a frame after the close, a second close, a call on a forbidden
 * thread.
 */
final class RecordingHandler implements FrameHandler {
  /** How a connection ended. */
  record Closed(DisconnectReason reason, boolean byRemote) {}

  private static final long WAIT_SECONDS = 20;

  final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicBoolean inCall = new AtomicBoolean();
  private volatile Thread forbidden;
  private int closeCalls;

  /** Records a violation if a call ever runs on {@code thread} (a caller of send or close). */
  void forbidThread(Thread thread) {
    this.forbidden = thread;
  }

  @Override
  public void onFrame(byte[] frame) {
    enter();
    try {
      if (closed.isDone()) {
        violations.add("frame after close");
      }
      frames.add(frame);
    } finally {
      inCall.set(false);
    }
  }

  @Override
  public void onClose(DisconnectReason reason, boolean byRemote) {
    enter();
    try {
      if (++closeCalls > 1) {
        violations.add("onClose called " + closeCalls + " times");
      }
      closed.complete(new Closed(reason, byRemote));
    } finally {
      inCall.set(false);
    }
  }

  private void enter() {
    if (!inCall.compareAndSet(false, true)) {
      violations.add("overlapping handler calls");
    }
    if (Thread.currentThread() == forbidden) {
      violations.add("handler called on a caller's thread");
    }
  }

  /** The next frame, waiting for it. */
  byte[] take() throws InterruptedException {
    byte[] frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + WAIT_SECONDS + " s");
    }
    return frame;
  }

  /** How the connection ended, waiting for it. */
  Closed awaitClose() throws Exception {
    return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The contract breaches seen so far. */
  synchronized List<String> violations() {
    return List.copyOf(violations);
  }
}
