package io.elo.p2p;

import static com.google.common.base.Preconditions.checkPositionIndexes;
import static com.google.common.base.Preconditions.checkState;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reassembles length-prefixed frames (see {@link FrameCodec}) from a byte stream cut into chunks
 * of any size, writing each payload byte once, into the array that becomes the frame.
 *
 * <p>The length prefix is checked against the maximum as soon as its 4 bytes are in, before any
 * payload is buffered. A frame of at most 64 KiB is then allocated at its exact length. A larger
 * one is allocated at its exact length once {@value #PROOF} bytes of it are in hand and its {@link
 * FrameBudget} has room; otherwise its buffer grows with the bytes that actually arrive (from 64
 * KiB, doubling, taking the exact length from the budget as soon as there is room), so a peer that
 * announces a large frame and sends nothing costs 64 KiB, and one that sends a little costs at
 * most the budget. After a {@link FrameException} the decoder is failed and refuses further input.
 * Not thread-safe: one decoder belongs to one stream, fed by one thread at a time.
 *
 * <p>A secure channel decrypts straight into the frame being assembled ({@link
 * SecureChannel#open(ByteBuffer, FrameDecoder, Consumer)}); plaintext streams are {@link #feed
 * fed}, which copies each byte once from wherever it was read.
 */
public final class FrameDecoder {
  /** Bytes in hand that prove a peer is sending a large frame it announced. */
  static final int PROOF = 16 * 1024;

  private static final int EAGER = 64 * 1024;

  private final int maxFrameSize;
  private final FrameBudget budget;
  private final byte[] header = new byte[FrameCodec.HEADER_LENGTH];
  private int headerFilled;
  private int frameLength = -1;
  private byte[] payload;
  private int payloadFilled;
  private boolean reserved;
  private boolean failed;

  FrameDecoder(int maxFrameSize, FrameBudget budget) {
    this.maxFrameSize = maxFrameSize;
    this.budget = budget;
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
    feed(ByteBuffer.wrap(data, offset, length), sink);
  }

  /**
   * Consumes all remaining bytes of {@code data}, from any kind of buffer (a direct socket buffer
   * is copied straight into the frames); see {@link #feed(byte[], int, int, Consumer)}.
   */
  public void feed(ByteBuffer data, Consumer<byte[]> sink) {
    checkState(!failed, "decoder failed on an earlier frame");
    while (data.hasRemaining()) {
      int n = Math.min(room(), data.remaining());
      data.get(target(), targetOffset(), n);
      advance(n, data.remaining(), sink);
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

  /**
   * Drops a partial frame, returning its share of the {@link FrameBudget}: the stream ended. The
   * decoder accepts no more input. Idempotent.
   */
  public void abandon() {
    releaseReservation();
    payload = null;
    failed = true;
  }

  // ---- where a decrypting channel writes: the header, then the frame's own array ----

  /** The array the next bytes of the stream go into. */
  byte[] target() {
    return frameLength < 0 ? header : payload;
  }

  /** Where in {@link #target()} they go. */
  int targetOffset() {
    return frameLength < 0 ? headerFilled : payloadFilled;
  }

  /** How many of them {@link #target()} takes now: at least 1. */
  int room() {
    return frameLength < 0 ? header.length - headerFilled : payload.length - payloadFilled;
  }

  /**
   * Accounts for {@code n} bytes written into {@link #target()}, with {@code inHand} more of the
   * stream already received behind them; completed frames go to {@code sink}.
   *
   * @throws FrameException if a length prefix exceeds the maximum frame size
   */
  void advance(int n, int inHand, Consumer<byte[]> sink) {
    if (frameLength < 0) {
      headerFilled += n;
      if (headerFilled == header.length) {
        startFrame(inHand, sink);
      }
      return;
    }
    payloadFilled += n;
    if (payloadFilled == frameLength) {
      emit(sink);
    } else if (payloadFilled == payload.length) {
      grow();
    }
  }

  private void startFrame(int inHand, Consumer<byte[]> sink) {
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
    if (frameLength <= EAGER || (inHand >= PROOF && reserve())) {
      payload = new byte[frameLength];
    } else {
      payload = new byte[EAGER];
    }
    if (frameLength == 0) {
      emit(sink);
    }
  }

  /** The buffer is full and the frame is not: what arrived proves the peer is sending it. */
  private void grow() {
    int size =
        reserve() ? frameLength : (int) Math.min(frameLength, 2L * payload.length);
    byte[] bigger = new byte[size];
    System.arraycopy(payload, 0, bigger, 0, payloadFilled);
    payload = bigger;
  }

  private boolean reserve() {
    reserved = budget != null && budget.tryReserve(frameLength);
    return reserved;
  }

  private void releaseReservation() {
    if (reserved) {
      budget.release(frameLength);
      reserved = false;
    }
  }

  private void emit(Consumer<byte[]> sink) {
    byte[] frame = payload;
    releaseReservation();
    payload = null;
    frameLength = -1;
    headerFilled = 0;
    payloadFilled = 0;
    sink.accept(frame);
  }
}
