package io.elo.p2p;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The transport phase of a {@link SecureChannel}: plaintext bytes cut into Noise transport
 * messages of at most 65,519 plaintext bytes (65,535 on the wire with the tag), each sent as a
 * 2-byte big-endian length and the ciphertext; the receiver reassembles one message at a time in a
 * fixed 65,535-byte buffer, so the record layer never buffers more whatever the peer announces
 * (frame sizes are checked above it, on each frame's length prefix, before frame buffers grow).
 *
 * <p>Each direction rekeys (Noise REKEY) after every {@code rekeyInterval} messages, on both
 * sides at the same count. Nonces are implicit counters, so a replayed, dropped, reordered or
 * altered message fails authentication; after a failure the channel refuses all input. The two
 * directions share nothing: {@link #seal} and {@link #open} may run on different threads, each
 * called by one thread at a time.
 */
final class NoiseTransport {
  static final int LENGTH_PREFIX = 2;
  static final int MAX_MESSAGE = 65535;
  static final int MAX_PLAINTEXT = MAX_MESSAGE - NoiseCipherState.TAG_LENGTH;

  private final NoiseCipherState sender;
  private final NoiseCipherState receiver;
  private final long rekeyInterval;

  // Sending side.
  private long sentSinceRekey;

  // Receiving side.
  private final byte[] header = new byte[LENGTH_PREFIX];
  private int headerFilled;
  private int recordLength = -1;
  private final byte[] record = new byte[MAX_MESSAGE];
  private int recordFilled;
  private final byte[] plain = new byte[MAX_PLAINTEXT];
  private long receivedSinceRekey;
  private boolean failed;

  NoiseTransport(NoiseCipherState sender, NoiseCipherState receiver, long rekeyInterval) {
    this.sender = sender;
    this.receiver = receiver;
    this.rekeyInterval = rekeyInterval;
  }

  /** Bytes on the wire for {@code plaintextLength} bytes sealed in one call. */
  static long sealedLength(long plaintextLength) {
    long messages = Math.max(1, (plaintextLength + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
    return plaintextLength + messages * (LENGTH_PREFIX + NoiseCipherState.TAG_LENGTH);
  }

  /** Encrypts the remaining bytes of {@code pieces} (consuming them) into wire bytes. */
  ByteBuffer seal(ByteBuffer[] pieces) {
    long total = 0;
    for (ByteBuffer piece : pieces) {
      total += piece.remaining();
    }
    long wire = sealedLength(total);
    if (wire > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many bytes for one seal: " + total);
    }
    byte[] out = new byte[(int) wire];
    int pos = 0;
    int piece = 0;
    long left = total;
    do {
      int length = (int) Math.min(left, MAX_PLAINTEXT);
      int messageLength = length + NoiseCipherState.TAG_LENGTH;
      out[pos] = (byte) (messageLength >>> 8);
      out[pos + 1] = (byte) messageLength;
      pos += LENGTH_PREFIX;
      sender.beginEncryption();
      int need = length;
      while (need > 0) {
        ByteBuffer in = pieces[piece];
        int n = Math.min(need, in.remaining());
        if (n == 0) {
          piece++;
          continue;
        }
        pos += encryptPiece(in, n, out, pos);
        need -= n;
      }
      pos += sender.finishEncryption(out, pos);
      left -= length;
      if (++sentSinceRekey == rekeyInterval) {
        sender.rekey();
        sentSinceRekey = 0;
      }
    } while (left > 0);
    return ByteBuffer.wrap(out, 0, pos);
  }

  private int encryptPiece(ByteBuffer in, int n, byte[] out, int outOffset) {
    int written;
    if (in.hasArray()) {
      written = sender.update(in.array(), in.arrayOffset() + in.position(), n, out, outOffset);
      in.position(in.position() + n);
    } else {
      byte[] copy = new byte[n];
      in.get(copy);
      written = sender.update(copy, 0, n, out, outOffset);
    }
    return written;
  }

  /**
   * Decrypts the remaining bytes of {@code wire} and passes each message's plaintext to {@code
   * sink} (valid only during the call), in order.
   *
   * @throws FrameException ({@link DisconnectReason#AUTHENTICATION_FAILED}) if a message fails
   *     authentication or is shorter than a tag
   */
  void open(ByteBuffer wire, Consumer<ByteBuffer> sink) {
    if (failed) {
      throw new IllegalStateException("secure channel failed earlier");
    }
    while (wire.hasRemaining()) {
      if (recordLength < 0) {
        header[headerFilled++] = wire.get();
        if (headerFilled == LENGTH_PREFIX) {
          recordLength = (header[0] & 0xff) << 8 | (header[1] & 0xff);
          headerFilled = 0;
          recordFilled = 0;
          if (recordLength < NoiseCipherState.TAG_LENGTH) {
            throw fail("message of " + recordLength + " bytes is shorter than its tag");
          }
        }
        continue;
      }
      if (recordFilled == 0 && wire.hasArray() && wire.remaining() >= recordLength) {
        // The whole message is in the caller's buffer: decrypt it in place, no copy.
        int start = wire.arrayOffset() + wire.position();
        wire.position(wire.position() + recordLength);
        deliver(wire.array(), start, sink);
        continue;
      }
      int n = Math.min(recordLength - recordFilled, wire.remaining());
      wire.get(record, recordFilled, n);
      recordFilled += n;
      if (recordFilled == recordLength) {
        deliver(record, 0, sink);
      }
    }
  }

  /** Whether the input so far ended on a message boundary. */
  boolean atMessageBoundary() {
    return recordLength < 0 && headerFilled == 0;
  }

  private void deliver(byte[] source, int offset, Consumer<ByteBuffer> sink) {
    int length = recordLength;
    recordLength = -1;
    recordFilled = 0;
    int n = receiver.decrypt(null, source, offset, length, plain, 0);
    if (n < 0) {
      throw fail("message failed authentication");
    }
    if (++receivedSinceRekey == rekeyInterval) {
      receiver.rekey();
      receivedSinceRekey = 0;
    }
    sink.accept(ByteBuffer.wrap(plain, 0, n));
  }

  private FrameException fail(String message) {
    failed = true;
    return new FrameException(DisconnectReason.AUTHENTICATION_FAILED, message);
  }
}
