package io.elo.p2p.tcp;

import io.elo.p2p.FrameDecoder;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** The identity {@link StreamChannel}: frames go on the socket as they are. Stateless. */
final class PlaintextChannel implements StreamChannel {
  static final PlaintextChannel INSTANCE = new PlaintextChannel();

  private PlaintextChannel() {}

  @Override
  public ByteBuffer[] wrap(ByteBuffer[] plaintext) {
    return plaintext;
  }

  @Override
  public void unwrap(ByteBuffer socketBytes, FrameDecoder decoder, Consumer<byte[]> frames) {
    // The one copy: from the socket's direct buffer into the frame.
    decoder.feed(socketBytes, frames);
  }
}
