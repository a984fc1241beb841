package io.elo.p2p;

/**
 * Receives the frames and the end of one {@link Connection}.
 *
 * <p>See {@link Connection} for the threading contract: calls for one connection never overlap,
 * {@link #onFrame} calls come in the order the peer sent the frames, {@link #onClose} comes
 * exactly once and last, and no call runs inside {@link Connection#send}, {@link
 * Connection#close} or {@link Connection#setHandler}. Implementations must not block: they run on
 * transport threads (or the simulated scheduler).
 */
public interface FrameHandler {
  /**
   * Called with each frame received, in order. The array belongs to the handler.
   *
   * <p>An exception thrown here closes the connection with {@link
   * DisconnectReason#PROTOCOL_ERROR}.
   */
  void onFrame(byte[] frame);

  /**
   * Called once when the connection has closed, for whatever reason.
   *
   * @param reason the local reason given to {@link Connection#close}, or the transport's reason
   *     ({@link DisconnectReason#CONNECTION_LOST} when the peer closed the stream, {@link
   *     DisconnectReason#FRAME_TOO_LARGE}, {@link DisconnectReason#SEND_QUEUE_FULL}, ...)
   * @param byRemote whether the remote side (or the network) ended the connection rather than
   *     this node
   */
  void onClose(DisconnectReason reason, boolean byRemote);
}
