package io.elo.p2p;

import static com.google.common.base.Preconditions.checkPositionIndexes;
import static com.google.common.base.Preconditions.checkState;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reassembles length-prefixed frames (see {@link FrameCodec}) from a byte stream cut into chunks
 * of any size.
 *
 * <p>The length prefix is checked against the maximum as soon as its 4 bytes are in, before any
 * payload is buffered; the payload buffer then grows with the bytes actually received (from 64
 * KiB, doubling), so a peer that announces a large frame and sends nothing costs little. After a
 * {@link FrameException} the decoder is failed and refuses further input. Not thread-safe: one
 * decoder belongs to one stream, fed by one thread at a time.
 */
public final class FrameDecoder {
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final int maxFrameSize;
  private final byte[] header = new byte[FrameCodec.HEADER_LENGTH];
  private int headerFilled;
  private int frameLength = -1;
  private byte[] payload;
  private int payloadFilled;
  private boolean failed;

  FrameDecoder(int maxFrameSize) {
    this.maxFrameSize = maxFrameSize;
  }

  /**
   * Consumes {@code length} bytes of {@code data} from {@code offset} and passes every completed
   * frame to {@code sink}, in order.
   *
   * @throws FrameException if a length prefix exceeds the maximum frame size
   * @throws IllegalStateException if the decoder failed before
   */
  public void feed(byte[] data, int offset, int length, Consumer<byte[]> sink) {
    checkPositionIndexes(offset, offset + length, data.length);
    checkState(!failed, "decoder failed on an earlier frame");
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (frameLength < 0) {
        int n = Math.min(FrameCodec.HEADER_LENGTH - headerFilled, end - pos);
        System.arraycopy(data, pos, header, headerFilled, n);
        headerFilled += n;
        pos += n;
        if (headerFilled == FrameCodec.HEADER_LENGTH) {
          startFrame();
        }
      } else {
        int n = Math.min(frameLength - payloadFilled, end - pos);
        ensureCapacity(payloadFilled + n);
        System.arraycopy(data, pos, payload, payloadFilled, n);
        payloadFilled += n;
        pos += n;
      }
      if (frameLength >= 0 && payloadFilled == frameLength) {
        emit(sink);
      }
    }
  }

  /** Consumes all remaining bytes of {@code data}; see {@link #feed(byte[], int, int, Consumer)}. */
  public void feed(ByteBuffer data, Consumer<byte[]> sink) {
    if (data.hasArray()) {
      int start = data.arrayOffset() + data.position();
      int n = data.remaining();
      data.position(data.limit());
      feed(data.array(), start, n, sink);
    } else {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      feed(copy, 0, copy.length, sink);
    }
  }

  /** Whether the decoder sits between frames (no partial header or payload buffered). */
  public boolean isAtFrameBoundary() {
    return headerFilled == 0 && frameLength < 0;
  }

  /** Bytes of the current partial frame held, header included. */
  public int bufferedBytes() {
    return headerFilled + payloadFilled;
  }

  private void startFrame() {
    long announced =
        (header[0] & 0xffL) << 24
            | (header[1] & 0xffL) << 16
            | (header[2] & 0xffL) << 8
            | (header[3] & 0xffL);
    if (announced > maxFrameSize) {
      failed = true;
      throw new FrameException(
          DisconnectReason.FRAME_TOO_LARGE,
          "frame of " + announced + " bytes exceeds the maximum " + maxFrameSize);
    }
    frameLength = (int) announced;
    payloadFilled = 0;
    payload = new byte[Math.min(frameLength, INITIAL_BUFFER)];
  }

  private void ensureCapacity(int needed) {
    if (needed > payload.length) {
      int grown = (int) Math.min(frameLength, Math.max(needed, 2L * payload.length));
      byte[] bigger = new byte[grown];
      System.arraycopy(payload, 0, bigger, 0, payloadFilled);
      payload = bigger;
    }
  }

  private void emit(Consumer<byte[]> sink) {
    byte[] frame = payload;
    payload = null;
    frameLength = -1;
    headerFilled = 0;
    payloadFilled = 0;
    sink.accept(frame);
  }
}
