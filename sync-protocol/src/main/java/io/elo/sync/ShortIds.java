package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * BIP 152 short transaction ids over Elo's wtxids: SipHash-2-4 keyed by the first two little-endian
 * 64-bit words of SHA-256(canonical header || nonce as 8 bytes little-endian), of the 32 wtxid
 * bytes, low 48 bits. One key per compact block; immutable.
 */
final class ShortIds {
  /** Bytes of one short id on the wire. */
  static final int LENGTH = 6;

  /** The low 48 bits. */
  static final long MASK = 0xFFFF_FFFF_FFFFL;

  private final long k0;
  private final long k1;

  private ShortIds(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** The short-id key of a compact block of {@code header} with {@code nonce}. */
  static ShortIds of(BlockHeader header, long nonce) {
    byte[] encoded = header.encode();
    ByteBuffer input = ByteBuffer.allocate(encoded.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    input.put(encoded).putLong(nonce);
    ByteBuffer digest =
        ByteBuffer.wrap(Hash.sha256(input.array()).toBytes()).order(ByteOrder.LITTLE_ENDIAN);
    return new ShortIds(digest.getLong(0), digest.getLong(8));
  }

  long k0() {
    return k0;
  }

  long k1() {
    return k1;
  }

  /** The 48-bit short id of {@code wtxid}. */
  long shortId(Hash wtxid) {
    return sipHash24(k0, k1, wtxid.toBytes()) & MASK;
  }

  /** Writes {@code id} as {@value #LENGTH} little-endian bytes at {@code offset}. */
  static void write(long id, byte[] target, int offset) {
    for (int i = 0; i < LENGTH; i++) {
      target[offset + i] = (byte) (id >>> (8 * i));
    }
  }

  /** Reads {@value #LENGTH} little-endian bytes at {@code offset}. */
  static long read(byte[] source, int offset) {
    long id = 0;
    for (int i = 0; i < LENGTH; i++) {
      id |= (source[offset + i] & 0xFFL) << (8 * i);
    }
    return id;
  }

  /** SipHash-2-4 (Aumasson and Bernstein) of {@code data} under the key (k0, k1). */
  static long sipHash24(long k0, long k1, byte[] data) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int full = data.length & ~7;
    long[] v = {v0, v1, v2, v3};
    for (int i = 0; i < full; i += 8) {
      long m = in.getLong(i);
      v[3] ^= m;
      round(v);
      round(v);
      v[0] ^= m;
    }
    long last = ((long) data.length) << 56;
    for (int i = full; i < data.length; i++) {
      last |= (data[i] & 0xFFL) << (8 * (i - full));
    }
    v[3] ^= last;
    round(v);
    round(v);
    v[0] ^= last;
    v[2] ^= 0xFF;
    for (int i = 0; i < 4; i++) {
      round(v);
    }
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  private static void round(long[] v) {
    v[0] += v[1];
    v[1] = Long.rotateLeft(v[1], 13);
    v[1] ^= v[0];
    v[0] = Long.rotateLeft(v[0], 32);
    v[2] += v[3];
    v[3] = Long.rotateLeft(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = Long.rotateLeft(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = Long.rotateLeft(v[1], 17);
    v[1] ^= v[2];
    v[2] = Long.rotateLeft(v[2], 32);
  }
}
