package io.elo.p2p.tcp;

import io.elo.p2p.FrameDecoder;
import io.elo.p2p.SecureChannel;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The encrypting {@link StreamChannel}: an established {@link SecureChannel} whose seal runs under
 * the connection's write lock and whose open runs on its I/O thread, as the seam promises.
 */
final class NoiseStreamChannel implements StreamChannel {
  private final SecureChannel channel;

  NoiseStreamChannel(SecureChannel channel) {
    this.channel = channel;
  }

  @Override
  public ByteBuffer[] wrap(ByteBuffer[] plaintext) {
    return new ByteBuffer[] {channel.seal(plaintext)};
  }

  @Override
  public void unwrap(ByteBuffer socketBytes, FrameDecoder decoder, Consumer<byte[]> frames) {
    // The one copy: decryption from the socket's direct buffer into the frame.
    channel.open(socketBytes, decoder, frames);
  }
}
