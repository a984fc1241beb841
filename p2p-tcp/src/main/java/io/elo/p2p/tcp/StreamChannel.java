package io.elo.p2p.tcp;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The layer between a connection's socket bytes and its frames: plaintext today, a Noise secure
 * channel later, without touching the socket code.
 *
 * <p>The connection calls {@link #wrap} under its write lock, in frame order, and {@link #unwrap}
 * on its I/O thread, in stream order, so an implementation may keep per-direction state (nonces,
 * partial records) without locking of its own.
 */
interface StreamChannel {
  /**
   * Returns the bytes to put on the socket for {@code plaintext} (a frame header and payload). The
   * channel may return the same buffers, or new ones; the caller owns the result.
   */
  ByteBuffer[] wrap(ByteBuffer[] plaintext);

  /**
   * Consumes bytes read from the socket and passes the plaintext they carry to {@code sink}, in
   * order; the buffers passed to the sink are valid only during the call.
   *
   * @throws io.elo.p2p.FrameException if the bytes are malformed for this channel
   */
  void unwrap(ByteBuffer socketBytes, Consumer<ByteBuffer> sink);
}
