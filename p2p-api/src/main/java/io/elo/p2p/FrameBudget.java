package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the bytes of frames being received that are allocated at their full announced size
 * before their payload has arrived, shared by the {@link FrameDecoder decoders} of many
 * connections (for example every connection of one transport).
 *
 * <p>A decoder allocates a large frame whole, so its payload is written once where it stays, as
 * soon as the first {@value FrameDecoder#PROOF} bytes show the peer is sending it, if the budget
 * has room; the share is returned when the frame completes or the stream ends. Without room the
 * decoder grows the frame with what arrives, doubling from 64 KiB (copies, but never more than
 * twice what the peer sent): peers announcing large frames and sending little can take the budget,
 * never more. Thread-safe.
 */
public final class FrameBudget {
  private final long limit;
  private final AtomicLong reserved = new AtomicLong();

  private FrameBudget(long limit) {
    this.limit = limit;
  }

  /**
   * Returns a budget of {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static FrameBudget of(long bytes) {
    checkArgument(bytes >= 0, "negative budget: %s", bytes);
    return new FrameBudget(bytes);
  }

  /** The bound, in bytes. */
  public long limit() {
    return limit;
  }

  /** Bytes taken by frames in progress now. */
  public long reserved() {
    return reserved.get();
  }

  /** Takes {@code bytes} if they fit; whether they did. */
  boolean tryReserve(long bytes) {
    long now;
    do {
      now = reserved.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!reserved.compareAndSet(now, now + bytes));
    return true;
  }

  /** Returns {@code bytes} taken before. */
  void release(long bytes) {
    reserved.addAndGet(-bytes);
  }
}
