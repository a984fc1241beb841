package io.elo.model;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;

/**
 * Writes the canonical encoding into an array of a size computed in advance, so encoding never
 * reallocates. Package-private: the public surface is {@code encode()} on each value type.
 */
final class Writer {
  private final byte[] buffer;
  private int position;

  Writer(int size) {
    this.buffer = new byte[size];
  }

  /** Returns the number of bytes {@link #varint} writes for {@code value} (an unsigned int). */
  static int varintSize(long value) {
    int size = 1;
    while (value >= 0x80) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  Writer u8(int value) {
    buffer[position++] = (byte) value;
    return this;
  }

  Writer u32(int value) {
    buffer[position++] = (byte) value;
    buffer[position++] = (byte) (value >>> 8);
    buffer[position++] = (byte) (value >>> 16);
    buffer[position++] = (byte) (value >>> 24);
    return this;
  }

  Writer u64(long value) {
    for (int i = 0; i < 8; i++) {
      buffer[position++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Writes unsigned LEB128; {@code value} is in {@code [0, 2^32-1]}. */
  Writer varint(long value) {
    while (value >= 0x80) {
      buffer[position++] = (byte) (value | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
    return this;
  }

  Writer hash(Hash hash) {
    hash.copyTo(buffer, position);
    position += Hash.LENGTH;
    return this;
  }

  Writer bytes(byte[] bytes) {
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
    return this;
  }

  /** Writes {@code length} bytes of {@code source} from index {@code offset}. */
  Writer bytes(ByteBuffer source, int offset, int length) {
    source.get(offset, buffer, position, length);
    position += length;
    return this;
  }

  /** Writes a varint length followed by the bytes. */
  Writer lengthPrefixed(byte[] bytes) {
    return varint(bytes.length).bytes(bytes);
  }

  int position() {
    return position;
  }

  /** Returns the buffer, which must be exactly full; the writer must not be used afterwards. */
  byte[] finish() {
    if (position != buffer.length) {
      throw new IllegalStateException("wrote " + position + " of " + buffer.length + " bytes");
    }
    return buffer;
  }
}
