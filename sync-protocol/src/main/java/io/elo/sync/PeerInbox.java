package io.elo.sync;

import io.elo.p2p.Peer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The hand-off of one peer's decoded messages (a {@link ChainMessage}, or a compact block already
 * matched against the pools: a {@link PartialBlock}) from the I/O thread to the protocol thread,
 * bounded in messages and bytes. The I/O thread {@link #offer}s (calls for one peer are serialized by the
 * peer network, so there is one producer); the protocol thread drains at most {@value #TURN}
 * messages per turn and posts itself again behind the other peers' work, so a busy peer cannot
 * starve the others. Lock-free.
 *
 * <p>At the bound {@link #offer} refuses the message and the inbox stays refusing: the caller
 * stops processing the peer (the p2p layer offers no pause of a connection's reads yet, so the
 * peer is disconnected; with a pause, reading would stop instead and resume once drained). The
 * peer's disconnect ({@link #close}) is always queued, behind its last message.
 */
final class PeerInbox {
  static final int TURN = 16;

  /** Marks the peer's disconnect in the queue. */
  private static final Entry GONE = new Entry(null, 0);

  private record Entry(Object message, int bytes) {}

  final Peer peer;
  private final int maxMessages;
  private final long maxBytes;
  private final Executor loop;
  private final BiConsumer<Peer, Object> handler;
  private final Runnable onGone;
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger messages = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean refusing;

  PeerInbox(
      Peer peer,
      int maxMessages,
      long maxBytes,
      Executor loop,
      BiConsumer<Peer, Object> handler,
      Runnable onGone) {
    this.peer = peer;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.loop = loop;
    this.handler = handler;
    this.onGone = onGone;
  }

  /**
   * Queues {@code message} of {@code size} bytes; false at the bound (then and from then on). A
   * message alone in the inbox is always taken, whatever its size (a frame is bounded already).
   */
  boolean offer(Object message, int size) {
    if (refusing) {
      return false;
    }
    int count = messages.get();
    if (count >= maxMessages || (count > 0 && bytes.get() + size > maxBytes)) {
      refusing = true;
      return false;
    }
    messages.incrementAndGet();
    bytes.addAndGet(size);
    queue.add(new Entry(message, size));
    schedule();
    return true;
  }

  /** The peer is gone: processed after the messages already queued. */
  void close() {
    refusing = true;
    queue.add(GONE);
    schedule();
  }

  /** Messages waiting now. */
  int size() {
    return messages.get();
  }

  /** Bytes waiting now. */
  long bytes() {
    return bytes.get();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      loop.execute(this::drain);
    }
  }

  /** On the protocol thread. */
  private void drain() {
    for (int i = 0; i < TURN; i++) {
      Entry e = queue.poll();
      if (e == null) {
        break;
      }
      if (e == GONE) {
        queue.clear();
        onGone.run();
        return; // stays scheduled: nothing is processed after the disconnect
      }
      messages.decrementAndGet();
      bytes.addAndGet(-e.bytes());
      handler.accept(peer, e.message());
    }
    scheduled.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
