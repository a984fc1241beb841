package io.elo.model;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException.Reason;
import java.util.Arrays;

/**
 * Reads the canonical encoding strictly: every read checks the remaining length, varints must be
 * minimal, and counts are checked against the remaining bytes before anything is allocated.
 * Package-private: the public surface is {@code decode(byte[])} on each value type.
 */
final class Reader {
  /** Largest value a varint may hold. */
  static final long MAX_VARINT = 0xFFFF_FFFFL;

  private static final int MAX_VARINT_BYTES = 5;

  private final byte[] data;
  private int position;

  Reader(byte[] data) {
    this.data = data;
  }

  int position() {
    return position;
  }

  int remaining() {
    return data.length - position;
  }

  /** The underlying input; callers only hash slices of it, they never modify it. */
  byte[] data() {
    return data;
  }

  int u8() {
    require(1);
    return data[position++] & 0xff;
  }

  int u32() {
    require(4);
    int value =
        (data[position] & 0xff)
            | (data[position + 1] & 0xff) << 8
            | (data[position + 2] & 0xff) << 16
            | (data[position + 3] & 0xff) << 24;
    position += 4;
    return value;
  }

  long u64() {
    require(8);
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (data[position + i] & 0xff);
    }
    position += 8;
    return value;
  }

  /** Reads a u32 that must lie in {@code [0, 2^31-1]} (heights, output indexes). */
  int nonNegativeU32(String field) {
    int start = position;
    int value = u32();
    if (value < 0) {
      throw fail(Reason.VALUE_OUT_OF_RANGE, start, field + " exceeds 2^31-1");
    }
    return value;
  }

  /** Reads a minimal unsigned LEB128 varint of at most 5 bytes and at most 2^32-1. */
  long varint() {
    int start = position;
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      int b = u8();
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw fail(Reason.NON_MINIMAL_VARINT, start, "redundant trailing zero group");
        }
        if (value > MAX_VARINT) {
          throw fail(Reason.VARINT_OVERFLOW, start, "varint exceeds 2^32-1");
        }
        return value;
      }
    }
    throw fail(Reason.VARINT_OVERFLOW, start, "varint longer than 5 bytes");
  }

  /**
   * Reads a count of elements each at least {@code minElementSize} bytes long, rejecting counts
   * below {@code min} and counts the remaining bytes cannot hold, before anything is allocated.
   */
  int count(String what, int min, int minElementSize) {
    int start = position;
    long count = varint();
    if (count < min) {
      throw fail(Reason.COUNT_OUT_OF_RANGE, start, what + " count " + count + " < " + min);
    }
    if (count > remaining() / minElementSize) {
      throw fail(
          Reason.COUNT_OUT_OF_RANGE,
          start,
          what + " count " + count + " cannot fit in " + remaining() + " bytes");
    }
    return (int) count;
  }

  /** Reads a varint length in {@code [0, max]} followed by that many bytes. */
  byte[] lengthPrefixed(String what, int max) {
    int start = position;
    long length = varint();
    if (length > max) {
      throw fail(Reason.LENGTH_OUT_OF_RANGE, start, what + " length " + length + " > " + max);
    }
    return bytes((int) length);
  }

  byte[] bytes(int length) {
    require(length);
    byte[] result = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return result;
  }

  Hash hash() {
    require(Hash.LENGTH);
    Hash hash = Hash.fromBytes(data, position);
    position += Hash.LENGTH;
    return hash;
  }

  Amount amount() {
    int start = position;
    long atoms = u64();
    if (!Amount.isValidAtoms(atoms)) {
      throw fail(Reason.AMOUNT_OUT_OF_RANGE, start, "amount " + Long.toUnsignedString(atoms));
    }
    return Amount.ofAtoms(atoms);
  }

  /** Requires that the whole input was consumed. */
  void finish() {
    if (position != data.length) {
      throw fail(Reason.TRAILING_BYTES, position, remaining() + " bytes after the value");
    }
  }

  static DecodeException fail(Reason reason, int offset, String detail) {
    return new DecodeException(reason, offset, detail);
  }

  private void require(int length) {
    if (remaining() < length) {
      throw fail(Reason.TRUNCATED, position, "need " + length + ", have " + remaining());
    }
  }
}
