package io.elo.p2p;

import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.internal.proto.DiscoveryPacket;
import java.util.Arrays;

/**
 * Discovery frames: the byte {@code 0x00}, the version byte {@value #VERSION}, then one protobuf
 * {@code DiscoveryPacket}. A peer-connection frame is a protobuf {@code Envelope}, whose first byte
 * is a field tag and never 0, so the first frame tells the two kinds of connection apart.
 */
final class DiscoveryWire {
  static final byte MARKER = 0x00;
  static final byte VERSION = 0x01;

  /** Largest discovery frame accepted or sent. */
  static final int MAX_FRAME = 8 * 1024;

  private DiscoveryWire() {}

  static boolean isDiscoveryFrame(byte[] frame) {
    return frame.length >= 1 && frame[0] == MARKER;
  }

  static byte[] encode(DiscoveryPacket packet) {
    byte[] body = packet.toByteArray();
    byte[] frame = new byte[body.length + 2];
    frame[0] = MARKER;
    frame[1] = VERSION;
    System.arraycopy(body, 0, frame, 2, body.length);
    return frame;
  }

  /**
   * Decodes a discovery frame.
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is malformed, too
   *     large or of another version
   */
  static DiscoveryPacket decode(byte[] frame) {
    if (frame.length < 2 || frame[0] != MARKER || frame.length > MAX_FRAME) {
      throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "not a discovery frame");
    }
    if (frame[1] != VERSION) {
      throw new FrameException(DisconnectReason.INCOMPATIBLE_VERSION, "discovery version");
    }
    try {
      DiscoveryPacket packet =
          DiscoveryPacket.parseFrom(Arrays.copyOfRange(frame, 2, frame.length));
      if (packet.getKindCase() == DiscoveryPacket.KindCase.KIND_NOT_SET) {
        throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "empty discovery packet");
      }
      return packet;
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "malformed discovery packet");
    }
  }
}
