package io.elo.p2p.tcp;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameDecoder;
import io.elo.p2p.FrameHandler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler side of one connection: turns socket bytes into frames (through its {@link
 * StreamChannel}, straight into each frame's array), holds them until the handler is set (past
 * {@code heldLimit} bytes it asks the connection to stop reading), delivers them in order, and
 * reports the close exactly once, after the last frame. Loop thread only, so handler calls are
 * serialized.
 */
final class FrameDelivery {
  private static final Logger log = LoggerFactory.getLogger(FrameDelivery.class);

  /** What delivery needs from its connection. */
  interface Owner {
    /** Whether a close was requested: from then on no frame is delivered. */
    boolean isClosing();

    /** Stops reading the socket: the held frames reached their bound. */
    void pauseReading();

    /** The handler threw: close with {@link DisconnectReason#PROTOCOL_ERROR}. */
    void handlerFailed(RuntimeException e);
  }

  private final Owner owner;
  private final StreamChannel stream;
  private final FrameDecoder decoder;
  private final Consumer<byte[]> onFrame = this::onFrame;
  private final int heldLimit;
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private long heldBytes;
  private FrameHandler active;
  private boolean closeNotified;

  FrameDelivery(Owner owner, StreamChannel stream, FrameDecoder decoder, int heldLimit) {
    this.owner = owner;
    this.stream = stream;
    this.decoder = decoder;
    this.heldLimit = heldLimit;
  }

  /**
   * Decodes the bytes read from the socket and delivers or holds the frames they complete.
   *
   * @throws io.elo.p2p.FrameException if the bytes are malformed for the stream channel or a frame
   *     announces more than the maximum size
   */
  void accept(ByteBuffer socketBytes) {
    stream.unwrap(socketBytes, decoder, onFrame);
  }

  /** Drops a partial frame: the connection is gone (returns its share of the frame budget). */
  void abandon() {
    decoder.abandon();
  }

  /** Whether the stream so far ended on a frame boundary. */
  boolean atFrameBoundary() {
    return decoder.isAtFrameBoundary();
  }

  /** Whether the handler is set and frames go to it directly. */
  boolean isActive() {
    return active != null;
  }

  /**
   * Installs the handler and delivers the held frames, unless {@code dropHeld} (a local close
   * came first, so they are of no use).
   */
  void activate(FrameHandler handler, boolean dropHeld) {
    active = handler;
    if (dropHeld) {
      held.clear();
    }
    while (!held.isEmpty()) {
      deliver(held.poll());
    }
    heldBytes = 0;
  }

  /** Drops any held frames (the connection is closing). */
  void dropHeld() {
    held.clear();
    heldBytes = 0;
  }

  /**
   * Reports the close to the handler, once; without a handler yet, {@link #activate} is followed
   * by another call of this.
   */
  void notifyClose(DisconnectReason reason, boolean byRemote) {
    if (closeNotified || active == null) {
      return;
    }
    closeNotified = true;
    try {
      active.onClose(reason, byRemote);
    } catch (RuntimeException e) {
      log.warn("close handler failed", e);
    }
  }

  private void onFrame(byte[] frame) {
    if (owner.isClosing()) {
      return;
    }
    if (active == null) {
      held.add(frame);
      heldBytes += frame.length;
      if (heldBytes >= heldLimit) {
        owner.pauseReading();
      }
      return;
    }
    deliver(frame);
  }

  private void deliver(byte[] frame) {
    try {
      active.onFrame(frame);
    } catch (RuntimeException e) {
      owner.handlerFailed(e);
    }
  }
}
