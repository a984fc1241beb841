package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * Length-prefixed framing for stream transports: each frame is a 4-byte big-endian unsigned
 * length followed by that many payload bytes.
 *
 * <p>The codec works on plain byte arrays and knows nothing of sockets, so it sits equally well
 * directly on a socket or above a secure channel (socket, then channel, then frames). The maximum
 * frame size is checked on the length prefix, before a byte of the payload is buffered, so a peer
 * cannot make a node allocate more than the limit. Instances are immutable and thread-safe; each
 * connection takes its own {@link #newDecoder() decoder}.
 */
public final class FrameCodec {
  /** Length of the frame header (the length prefix), in bytes. */
  public static final int HEADER_LENGTH = 4;

  /**
   * The default maximum frame size: 4 MiB for a maximal block plus 64 KiB of headroom for the
   * message envelope. Protocols with larger messages configure a larger limit.
   */
  public static final int DEFAULT_MAX_FRAME_SIZE = 4 * 1024 * 1024 + 64 * 1024;

  private final int maxFrameSize;

  private FrameCodec(int maxFrameSize) {
    checkArgument(maxFrameSize > 0, "max frame size must be positive: %s", maxFrameSize);
    checkArgument(
        maxFrameSize <= Integer.MAX_VALUE - HEADER_LENGTH, "max frame size too large");
    this.maxFrameSize = maxFrameSize;
  }

  /** Returns a codec accepting frames of at most {@code maxFrameSize} bytes. */
  public static FrameCodec of(int maxFrameSize) {
    return new FrameCodec(maxFrameSize);
  }

  /** Returns a codec with {@link #DEFAULT_MAX_FRAME_SIZE}. */
  public static FrameCodec withDefaultLimit() {
    return new FrameCodec(DEFAULT_MAX_FRAME_SIZE);
  }

  /** The largest payload accepted, in bytes. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Returns the length prefix followed by {@code frame}.
   *
   * @throws IllegalArgumentException if the frame is larger than {@link #maxFrameSize()}
   */
  public byte[] encode(byte[] frame) {
    byte[] out = new byte[HEADER_LENGTH + checkSize(frame.length)];
    writeHeader(frame.length, out, 0);
    System.arraycopy(frame, 0, out, HEADER_LENGTH, frame.length);
    return out;
  }

  /**
   * Writes the 4-byte length prefix of a frame of {@code length} bytes into {@code target}.
   *
   * @throws IllegalArgumentException if {@code length} is negative or above the maximum
   */
  public void encodeHeader(int length, byte[] target, int offset) {
    checkArgument(length >= 0, "negative length");
    writeHeader(checkSize(length), target, offset);
  }

  /**
   * Returns a fresh incremental decoder for one byte stream; frames over 64 KiB grow with what
   * arrives.
   */
  public FrameDecoder newDecoder() {
    return new FrameDecoder(maxFrameSize, null);
  }

  /**
   * Returns a fresh incremental decoder for one byte stream that allocates frames over 64 KiB at
   * their full size, within {@code budget}, once a peer has shown it is sending them.
   */
  public FrameDecoder newDecoder(FrameBudget budget) {
    return new FrameDecoder(maxFrameSize, Objects.requireNonNull(budget, "budget"));
  }

  private int checkSize(int length) {
    checkArgument(
        length <= maxFrameSize, "frame of %s bytes exceeds the maximum %s", length, maxFrameSize);
    return length;
  }

  private static void writeHeader(int length, byte[] target, int offset) {
    target[offset] = (byte) (length >>> 24);
    target[offset + 1] = (byte) (length >>> 16);
    target[offset + 2] = (byte) (length >>> 8);
    target[offset + 3] = (byte) length;
  }
}
