package io.elo.p2p;

import java.util.Optional;

/**
 * One established connection that carries ordered, reliable frames (byte arrays) both ways.
 *
 * <p>A {@link Transport} creates connections; the peer network layers the handshake and
 * protocols over them. A stream transport builds frames with {@link FrameCodec} (TCP: socket byte
 * stream, then a secure channel, then length-prefixed frames); a message transport may carry
 * frames natively.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li>{@link #send}, {@link #close}, {@link #isOpen} and the accessors may be called from any
 *       thread, concurrently; they never block on the network.
 *   <li>Frames passed to {@link #send} by one thread reach the peer in the order of the calls;
 *       frames sent concurrently by several threads are each delivered whole, in some order.
 *   <li>{@link #setHandler} is called exactly once, by whoever accepted or dialled the connection.
 *       Frames that arrive earlier are held (within the transport's bounds) and delivered after
 *       it.
 *   <li>Handler calls for one connection are serialized: they never overlap and each
 *       happens-before the next, although successive calls may run on different threads. Frames
 *       arrive in the order the peer sent them. {@link FrameHandler#onClose} is called exactly
 *       once, after the last {@link FrameHandler#onFrame}.
 *   <li>No handler call ever runs inside {@link #send}, {@link #close} or {@link #setHandler} on
 *       the caller's stack, so a handler may call them without re-entrancy concerns.
 *   <li>Handlers must not block: a slow handler delays every later frame of its connection (and,
 *       on a stream transport, backs up the peer through flow control).
 * </ul>
 *
 * <h2>Bounds</h2>
 *
 * A frame is at most {@link #maxFrameSize()} bytes each way. Sending a larger frame is a caller
 * mistake; receiving one closes the connection with {@link DisconnectReason#FRAME_TOO_LARGE}
 * before its payload is buffered. The send queue is bounded: when it is full, the connection is
 * closed with {@link DisconnectReason#SEND_QUEUE_FULL} rather than blocking or growing.
 */
public interface Connection {
  /** The remote side's address as seen by this node. */
  PeerAddress remoteAddress();

  /** Whether the remote side dialled this node. */
  boolean isInbound();

  /** The largest frame this connection sends or accepts, in bytes. */
  int maxFrameSize();

  /**
   * Queues {@code frame} for delivery; the caller must not modify the array afterwards.
   *
   * @return {@code false} if the connection is closed (or this frame filled the send queue, which
   *     closes it with {@link DisconnectReason#SEND_QUEUE_FULL})
   * @throws IllegalArgumentException if the frame is larger than {@link #maxFrameSize()}
   */
  boolean send(byte[] frame);

  /**
   * Closes the connection: frames already queued are flushed on a best-effort basis, then the
   * stream is closed. Idempotent; the first reason wins and is reported to the handler with
   * {@code byRemote = false}. The reason is local: a peer-level {@code Disconnect} message, if
   * any, is the caller's to send first.
   */
  void close(DisconnectReason reason);

  /** Whether the connection is still open (no close requested or observed yet). */
  boolean isOpen();

  /**
   * Sets the handler that receives this connection's frames and its end.
   *
   * @throws IllegalStateException if a handler is already set
   */
  void setHandler(FrameHandler handler);

  /**
   * The node id the connection's secure channel proved (its identity key signed the peer's Noise
   * static key), or empty on a plaintext or message transport, where the peer layer's signed
   * hello proves the identity instead. When present, the peer must claim exactly this id.
   */
  default Optional<NodeId> authenticatedNodeId() {
    return Optional.empty();
  }
}
