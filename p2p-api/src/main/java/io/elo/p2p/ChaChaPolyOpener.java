package io.elo.p2p;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;

/**
 * Opens one ChaCha20-Poly1305 message (RFC 8439, empty associated data) fed in pieces of any size:
 * each piece is authenticated (Poly1305 over the ciphertext) and decrypted straight from where it
 * was read (a direct socket buffer) into where its plaintext belongs (the frame being assembled),
 * and {@link #verify} checks the tag once the message is complete. The caller must discard every
 * byte it was given unless {@code verify} says yes.
 *
 * <p>Why not the JDK's cipher, which encryption keeps using: it buffers a whole message before
 * decrypting it, and from a direct buffer it copied four times the message size on the heap here
 * (docs/p2p.md, "Receiving without copies"). Checked against the JDK's cipher by {@code
 * ChaChaPolyOpenerPropertyTest} and against the Noise test vectors by {@code NoiseVectorsTest}.
 * Not thread-safe: one per receiving direction.
 */
final class ChaChaPolyOpener {
  static final int TAG_LENGTH = 16;

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MASK26 = 0x3ffffff;

  private final int[] key = new int[8];
  private final int[] stream = new int[16];
  private final byte[] partial = new byte[16];
  private final byte[] tag = new byte[TAG_LENGTH];

  private int nonceLow;
  private int nonceHigh;
  private int counter;
  private int streamUsed;
  private int partialFilled;
  private long length;
  // Poly1305 state: accumulator h, key r (26-bit limbs), r * 5 and the final pad s.
  private long h0;
  private long h1;
  private long h2;
  private long h3;
  private long h4;
  private long r0;
  private long r1;
  private long r2;
  private long r3;
  private long r4;
  private long s1;
  private long s2;
  private long s3;
  private long s4;
  private int pad0;
  private int pad1;
  private int pad2;
  private int pad3;

  /** Starts a message under the 32-byte {@code keyBytes} and the 64-bit Noise {@code nonce}. */
  void begin(byte[] keyBytes, long nonce) {
    for (int i = 0; i < 8; i++) {
      key[i] = (int) INTS.get(keyBytes, 4 * i);
    }
    // Noise's ChaChaPoly nonce: 32 zero bits, then the counter little-endian.
    nonceLow = (int) nonce;
    nonceHigh = (int) (nonce >>> 32);
    block(0);
    r0 = stream[0] & 0x3ffffff;
    r1 = ((stream[0] >>> 26) | (stream[1] << 6)) & 0x3ffff03;
    r2 = ((stream[1] >>> 20) | (stream[2] << 12)) & 0x3ffc0ff;
    r3 = ((stream[2] >>> 14) | (stream[3] << 18)) & 0x3f03fff;
    r4 = (stream[3] >>> 8) & 0x00fffff;
    s1 = r1 * 5;
    s2 = r2 * 5;
    s3 = r3 * 5;
    s4 = r4 * 5;
    pad0 = stream[4];
    pad1 = stream[5];
    pad2 = stream[6];
    pad3 = stream[7];
    h0 = h1 = h2 = h3 = h4 = 0;
    counter = 1;
    streamUsed = 64;
    partialFilled = 0;
    length = 0;
  }

  /**
   * Authenticates and decrypts {@code n} ciphertext bytes of {@code in} at absolute index {@code
   * at} into {@code out} at {@code offset}. {@code in} must be in little-endian order.
   */
  void open(ByteBuffer in, int at, int n, byte[] out, int offset) {
    mac(in, at, n);
    int pos = at;
    int to = offset;
    int left = n;
    while (left > 0) {
      if (streamUsed == 64) {
        if (left >= 64) {
          // A whole block: a word at a time.
          block(counter++);
          for (int i = 0; i < 16; i++) {
            INTS.set(out, to + 4 * i, in.getInt(pos + 4 * i) ^ stream[i]);
          }
          pos += 64;
          to += 64;
          left -= 64;
          continue;
        }
        block(counter++);
        streamUsed = 0;
      }
      int k = streamUsed;
      out[to++] = (byte) (in.get(pos++) ^ (stream[k >>> 2] >>> ((k & 3) << 3)));
      streamUsed = k + 1;
      left--;
    }
  }

  /**
   * Authenticates {@code n} ciphertext bytes without decrypting them: the rest of a message whose
   * plaintext is dropped. Nothing may be {@link #open opened} after it in the same message.
   */
  void skip(ByteBuffer in, int at, int n) {
    mac(in, at, n);
  }

  /** Whether {@code received} is the tag of the ciphertext given since {@link #begin}. */
  boolean verify(byte[] received) {
    if (partialFilled > 0) {
      for (int i = partialFilled; i < 16; i++) {
        partial[i] = 0;
      }
      absorbPartial();
    }
    // The lengths block: associated data (none), then the ciphertext, 64 bits each.
    absorb(0, 0, (int) length, (int) (length >>> 32));
    finish();
    return MessageDigest.isEqual(tag, received);
  }

  private void absorbPartial() {
    absorb(
        (int) INTS.get(partial, 0),
        (int) INTS.get(partial, 4),
        (int) INTS.get(partial, 8),
        (int) INTS.get(partial, 12));
    partialFilled = 0;
  }

  private void mac(ByteBuffer in, int at, int n) {
    length += n;
    int pos = at;
    int end = at + n;
    if (partialFilled > 0) {
      while (partialFilled < 16 && pos < end) {
        partial[partialFilled++] = in.get(pos++);
      }
      if (partialFilled < 16) {
        return;
      }
      absorbPartial();
    }
    for (; end - pos >= 16; pos += 16) {
      absorb(in.getInt(pos), in.getInt(pos + 4), in.getInt(pos + 8), in.getInt(pos + 12));
    }
    while (pos < end) {
      partial[partialFilled++] = in.get(pos++);
    }
  }

  /** One full 16-byte Poly1305 block (RFC 8439 pads every AEAD block to 16 bytes). */
  private void absorb(int t0, int t1, int t2, int t3) {
    long a0 = h0 + (t0 & MASK26);
    long a1 = h1 + ((((long) t1 << 32) | (t0 & 0xffffffffL)) >>> 26 & MASK26);
    long a2 = h2 + ((((long) t2 << 32) | (t1 & 0xffffffffL)) >>> 20 & MASK26);
    long a3 = h3 + ((((long) t3 << 32) | (t2 & 0xffffffffL)) >>> 14 & MASK26);
    long a4 = h4 + ((t3 >>> 8) | (1 << 24));
    long d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
    long d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
    long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
    long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
    long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;
    long c = d0 >>> 26;
    h0 = d0 & MASK26;
    d1 += c;
    c = d1 >>> 26;
    h1 = d1 & MASK26;
    d2 += c;
    c = d2 >>> 26;
    h2 = d2 & MASK26;
    d3 += c;
    c = d3 >>> 26;
    h3 = d3 & MASK26;
    d4 += c;
    c = d4 >>> 26;
    h4 = d4 & MASK26;
    h0 += c * 5;
    h1 += h0 >>> 26;
    h0 &= MASK26;
  }

  /** Reduces h modulo 2^130 - 5, adds the pad and writes the tag. */
  private void finish() {
    long c = h1 >>> 26;
    h1 &= MASK26;
    h2 += c;
    c = h2 >>> 26;
    h2 &= MASK26;
    h3 += c;
    c = h3 >>> 26;
    h3 &= MASK26;
    h4 += c;
    c = h4 >>> 26;
    h4 &= MASK26;
    h0 += c * 5;
    c = h0 >>> 26;
    h0 &= MASK26;
    h1 += c;
    // g = h + 5 - 2^130: keep it (constant time) if it did not go negative.
    long g0 = h0 + 5;
    c = g0 >>> 26;
    g0 &= MASK26;
    long g1 = h1 + c;
    c = g1 >>> 26;
    g1 &= MASK26;
    long g2 = h2 + c;
    c = g2 >>> 26;
    g2 &= MASK26;
    long g3 = h3 + c;
    c = g3 >>> 26;
    g3 &= MASK26;
    long g4 = h4 + c - (1L << 26);
    long keep = (g4 >>> 63) - 1; // all ones when g4 >= 0
    h0 = (h0 & ~keep) | (g0 & keep);
    h1 = (h1 & ~keep) | (g1 & keep);
    h2 = (h2 & ~keep) | (g2 & keep);
    h3 = (h3 & ~keep) | (g3 & keep);
    h4 = (h4 & ~keep) | (g4 & keep);
    long f0 = (h0 | (h1 << 26)) & 0xffffffffL;
    long f1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
    long f2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
    long f3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
    f0 += pad0 & 0xffffffffL;
    f1 += (pad1 & 0xffffffffL) + (f0 >>> 32);
    f2 += (pad2 & 0xffffffffL) + (f1 >>> 32);
    f3 += (pad3 & 0xffffffffL) + (f2 >>> 32);
    INTS.set(tag, 0, (int) f0);
    INTS.set(tag, 4, (int) f1);
    INTS.set(tag, 8, (int) f2);
    INTS.set(tag, 12, (int) f3);
  }

  /** The ChaCha20 block {@code blockCounter} of the current key and nonce into {@code stream}. */
  private void block(int blockCounter) {
    int x0 = 0x61707865;
    int x1 = 0x3320646e;
    int x2 = 0x79622d32;
    int x3 = 0x6b206574;
    int x4 = key[0];
    int x5 = key[1];
    int x6 = key[2];
    int x7 = key[3];
    int x8 = key[4];
    int x9 = key[5];
    int x10 = key[6];
    int x11 = key[7];
    int x12 = blockCounter;
    int x13 = 0;
    int x14 = nonceLow;
    int x15 = nonceHigh;
    for (int round = 0; round < 10; round++) {
      // Column rounds.
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 7);
      // Diagonal rounds.
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    stream[0] = x0 + 0x61707865;
    stream[1] = x1 + 0x3320646e;
    stream[2] = x2 + 0x79622d32;
    stream[3] = x3 + 0x6b206574;
    stream[4] = x4 + key[0];
    stream[5] = x5 + key[1];
    stream[6] = x6 + key[2];
    stream[7] = x7 + key[3];
    stream[8] = x8 + key[4];
    stream[9] = x9 + key[5];
    stream[10] = x10 + key[6];
    stream[11] = x11 + key[7];
    stream[12] = x12 + blockCounter;
    stream[13] = x13;
    stream[14] = x14 + nonceLow;
    stream[15] = x15 + nonceHigh;
  }
}
