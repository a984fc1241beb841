package io.elo.model;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the canonical encoding strictly: every read checks the remaining length, varints must be
 * minimal, and counts are checked against the remaining bytes before anything is allocated.
 * Package-private: the public surface is {@code decode} on each value type.
 *
 * <p>The input is a buffer that never changes while and after it is read ({@link Encoding}): the
 * values decoded from it may keep views of it as their encodings.
 */
final class Reader {
  /** Largest value a varint may hold. */
  static final long MAX_VARINT = 0xFFFF_FFFFL;

  private static final int MAX_VARINT_BYTES = 5;

  private final ByteBuffer data;
  private final int length;
  private int position;

  /** Reads {@code data} from index 0 to its limit. */
  Reader(ByteBuffer data) {
    this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.length = data.limit();
  }

  /** Reads a private array. */
  Reader(byte[] data) {
    this(ByteBuffer.wrap(data));
  }

  int position() {
    return position;
  }

  int remaining() {
    return length - position;
  }

  /** The input; decoded values keep views of it, nobody writes it. */
  ByteBuffer data() {
    return data;
  }

  int u8() {
    require(1);
    return data.get(position++) & 0xff;
  }

  int u32() {
    require(4);
    int value = data.getInt(position);
    position += 4;
    return value;
  }

  long u64() {
    require(8);
    long value = data.getLong(position);
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

  /** Reads a varint length in {@code [0, max]}; the bytes themselves follow. */
  int length(String what, int max) {
    int start = position;
    long length = varint();
    if (length > max) {
      throw fail(Reason.LENGTH_OUT_OF_RANGE, start, what + " length " + length + " > " + max);
    }
    require((int) length);
    return (int) length;
  }

  /** Reads a varint length in {@code [0, max]} followed by that many bytes, copied. */
  byte[] lengthPrefixed(String what, int max) {
    return bytes(length(what, max));
  }

  byte[] bytes(int length) {
    require(length);
    byte[] result = new byte[length];
    data.get(position, result);
    position += length;
    return result;
  }

  /** Moves to {@code newPosition}, a position read before; returns the current one. */
  int seek(int newPosition) {
    int old = position;
    position = newPosition;
    return old;
  }

  /** Skips {@code length} bytes, which must be there. */
  void skip(int length) {
    require(length);
    position += length;
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
    if (position != length) {
      throw fail(Reason.TRAILING_BYTES, position, remaining() + " bytes after the value");
    }
  }

  /** Rejects an input longer than a value of its kind can be, before reading it. */
  static void checkSize(int length, int max) {
    if (length > max) {
      throw fail(Reason.TOO_LARGE, 0, length + " bytes > " + max);
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
