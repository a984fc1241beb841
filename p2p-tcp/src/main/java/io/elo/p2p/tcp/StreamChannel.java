package io.elo.p2p.tcp;

import io.elo.p2p.FrameDecoder;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The layer between a connection's socket bytes and its frames: plaintext or a Noise secure
 * channel, without touching the socket code.
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
   * Consumes the bytes read from the socket (a direct buffer), writing the plaintext they carry
   * straight into the frames {@code decoder} assembles, and passes each complete frame to {@code
   * frames}, in order.
   *
   * @throws io.elo.p2p.FrameException if the bytes are malformed for this channel or announce an
   *     oversized frame
   */
  void unwrap(ByteBuffer socketBytes, FrameDecoder decoder, Consumer<byte[]> frames);
}
