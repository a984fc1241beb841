package io.elo.p2p.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The frames of one connection waiting for socket space, bounded in frames and in bytes. Not
 * thread-safe: the connection guards it with its write lock.
 */
final class SendQueue {
  /** Most buffers handed to one gathering write. */
  private static final int MAX_GATHER = 64;

  private final int maxFrames;
  private final long maxBytes;
  private final ArrayDeque<ByteBuffer[]> frames = new ArrayDeque<>();
  private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
  private long bytes;

  SendQueue(int maxFrames, long maxBytes) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  int frames() {
    return frames.size();
  }

  long bytes() {
    return bytes;
  }

  /**
   * Appends the unwritten rest of a frame.
   *
   * @return false, queueing nothing, if the frame would pass either bound
   */
  boolean offer(ByteBuffer[] frame) {
    long size = remaining(frame);
    if (frames.size() + 1 > maxFrames || bytes + size > maxBytes) {
      return false;
    }
    frames.add(frame);
    bytes += size;
    return true;
  }

  /**
   * Writes as much as the socket takes, gathering several frames per call.
   *
   * @return whether the queue is now empty
   */
  boolean flush(GatheringByteChannel channel) throws IOException {
    while (!frames.isEmpty()) {
      ByteBuffer[] head = frames.peek();
      long attempted;
      long written;
      if (head.length > MAX_GATHER) {
        attempted = remaining(head);
        written = channel.write(head);
      } else {
        int n = 0;
        attempted = 0;
        for (ByteBuffer[] frame : frames) {
          if (n + frame.length > MAX_GATHER) {
            break;
          }
          for (ByteBuffer b : frame) {
            gather[n++] = b;
            attempted += b.remaining();
          }
        }
        written = channel.write(gather, 0, n);
        Arrays.fill(gather, 0, n, null);
      }
      bytes -= written;
      while (!frames.isEmpty() && remaining(frames.peek()) == 0) {
        frames.poll();
      }
      if (written < attempted) {
        return false;
      }
    }
    return true;
  }

  /** Forgets everything queued (the connection is closing without a flush). */
  void clear() {
    frames.clear();
    bytes = 0;
  }

  static long remaining(ByteBuffer[] buffers) {
    long total = 0;
    for (ByteBuffer b : buffers) {
      total += b.remaining();
    }
    return total;
  }
}
