package io.elo.p2p;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The transport phase of a {@link SecureChannel}: plaintext bytes cut into Noise transport
 * messages of at most 65,519 plaintext bytes (65,535 on the wire with the tag), each sent as a
 * 2-byte big-endian length and the ciphertext.
 *
 * <p>Receiving streams: each piece of a message is authenticated and decrypted where it was read
 * ({@link ChaChaPolyOpener}) straight into where its plaintext belongs, the frame being assembled
 * by a {@link FrameDecoder} (or, for {@link #open(ByteBuffer, Consumer)}, one message's buffer);
 * nothing is released before the message's tag checks out: frames completed inside a message are
 * held until then, and a frame error inside it (an oversized length) is raised only once the
 * message authenticates, so what a forger changes reads as a forgery. The record layer buffers
 * nothing but 2 length bytes and 16 tag bytes.
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

  // Receiving side: the message in progress.
  private final ChaChaPolyOpener opener = new ChaChaPolyOpener();
  private final byte[] lengthBytes = new byte[LENGTH_PREFIX];
  private int lengthFilled;
  private int messageLength = -1;
  private int ciphertextRead;
  private final byte[] tag = new byte[NoiseCipherState.TAG_LENGTH];
  private int tagFilled;
  private FrameException deferred;
  private long receivedSinceRekey;
  private boolean failed;
  private final FrameTarget frames = new FrameTarget();
  private MessageTarget messages;

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
   * Decrypts the remaining bytes of {@code wire} straight into the frames {@code decoder}
   * assembles, passing each complete frame to {@code sink} once every message carrying it has
   * authenticated.
   *
   * @throws FrameException ({@link DisconnectReason#AUTHENTICATION_FAILED}) if a message fails
   *     authentication or is shorter than a tag; the decoder's own exception (an oversized frame)
   *     once the message that carried it authenticated
   */
  void open(ByteBuffer wire, FrameDecoder decoder, Consumer<byte[]> sink) {
    frames.decoder = decoder;
    frames.sink = sink;
    open(wire, frames);
  }

  /**
   * Decrypts the remaining bytes of {@code wire} and passes each message's plaintext to {@code
   * sink} (valid only during the call), in order.
   *
   * @throws FrameException ({@link DisconnectReason#AUTHENTICATION_FAILED}) if a message fails
   *     authentication or is shorter than a tag
   */
  void open(ByteBuffer wire, Consumer<ByteBuffer> sink) {
    if (messages == null) {
      messages = new MessageTarget();
    }
    messages.sink = sink;
    open(wire, messages);
  }

  /** Whether the input so far ended on a message boundary. */
  boolean atMessageBoundary() {
    return messageLength < 0 && lengthFilled == 0;
  }

  private void open(ByteBuffer wire, Target target) {
    if (failed) {
      throw new IllegalStateException("secure channel failed earlier");
    }
    ByteBuffer in = wire.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int pos = wire.position();
    int end = wire.limit();
    try {
      while (pos < end) {
        if (messageLength < 0) {
          lengthBytes[lengthFilled++] = in.get(pos++);
          if (lengthFilled == LENGTH_PREFIX) {
            lengthFilled = 0;
            begin((lengthBytes[0] & 0xff) << 8 | (lengthBytes[1] & 0xff));
          }
        } else if (ciphertextRead < messageLength - NoiseCipherState.TAG_LENGTH) {
          int n = Math.min(end - pos, messageLength - NoiseCipherState.TAG_LENGTH - ciphertextRead);
          if (deferred != null) {
            opener.skip(in, pos, n);
          } else {
            n = Math.min(n, target.room());
            opener.open(in, pos, n, target.array(), target.offset());
          }
          pos += n;
          ciphertextRead += n;
          if (deferred == null) {
            try {
              target.wrote(n, end - pos);
            } catch (FrameException e) {
              deferred = e;
            }
          }
        } else {
          tag[tagFilled++] = in.get(pos++);
          if (tagFilled == tag.length) {
            tagFilled = 0;
            finish(target);
          }
        }
      }
    } finally {
      wire.position(pos);
    }
  }

  private void begin(int length) {
    if (length < NoiseCipherState.TAG_LENGTH) {
      throw fail("message of " + length + " bytes is shorter than its tag");
    }
    if (receiver.nonceExhausted()) {
      throw fail("nonce space exhausted");
    }
    opener.begin(receiver.key(), receiver.nonce());
    messageLength = length;
    ciphertextRead = 0;
  }

  private void finish(Target target) {
    messageLength = -1;
    if (!opener.verify(tag)) {
      throw fail("message failed authentication");
    }
    receiver.nonceUsed();
    if (++receivedSinceRekey == rekeyInterval) {
      receiver.rekey();
      receivedSinceRekey = 0;
    }
    target.authenticated();
    if (deferred != null) {
      failed = true;
      throw deferred;
    }
  }

  private FrameException fail(String message) {
    failed = true;
    return new FrameException(DisconnectReason.AUTHENTICATION_FAILED, message);
  }

  /** Where a message's plaintext goes while it is opened. */
  private abstract static class Target {
    abstract byte[] array();

    abstract int offset();

    /** How many bytes {@link #array()} takes now: at least 1. */
    abstract int room();

    /** {@code n} bytes were written, {@code inHand} more have been received behind them. */
    abstract void wrote(int n, int inHand);

    /** The message authenticated: release what it completed. */
    abstract void authenticated();
  }

  /** Into the frames a decoder assembles; frames complete inside a message wait for its tag. */
  private static final class FrameTarget extends Target {
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final Consumer<byte[]> hold = pending::add;
    private FrameDecoder decoder;
    private Consumer<byte[]> sink;

    @Override
    byte[] array() {
      return decoder.target();
    }

    @Override
    int offset() {
      return decoder.targetOffset();
    }

    @Override
    int room() {
      return decoder.room();
    }

    @Override
    void wrote(int n, int inHand) {
      decoder.advance(n, inHand, hold);
    }

    @Override
    void authenticated() {
      byte[] frame;
      while ((frame = pending.poll()) != null) {
        sink.accept(frame);
      }
    }
  }

  /** Into one message's buffer, handed to the sink whole. */
  private static final class MessageTarget extends Target {
    private final byte[] plain = new byte[MAX_PLAINTEXT];
    private int filled;
    private Consumer<ByteBuffer> sink;

    @Override
    byte[] array() {
      return plain;
    }

    @Override
    int offset() {
      return filled;
    }

    @Override
    int room() {
      return plain.length - filled;
    }

    @Override
    void wrote(int n, int inHand) {
      filled += n;
    }

    @Override
    void authenticated() {
      int n = filled;
      filled = 0;
      sink.accept(ByteBuffer.wrap(plain, 0, n));
    }
  }
}
