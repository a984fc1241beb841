package io.elo.validation;

import io.elo.model.Block;
import io.elo.model.DecodeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The record format of block files: {@code magic (4 bytes "ELOB") || payload length (u32 LE) ||
 * CRC32C of the payload (u32 LE) || payload (the canonical block encoding)}.
 */
final class BlockRecords {
  /** "ELOB". */
  static final int MAGIC = 0x454C4F42;

  /** Bytes before the payload. */
  static final int HEADER_LENGTH = 12;

  private BlockRecords() {}

  /** Returns the whole record for {@code payload}. */
  static ByteBuffer encode(byte[] payload) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
    buf.putInt(MAGIC).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length).putInt(crc(payload));
    buf.put(payload).flip();
    return buf;
  }

  static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  /**
   * Reads the record at {@code offset} of a file of {@code size} bytes.
   *
   * @return the decoded record, or {@code null} with {@code problem[0]} saying why when the record
   *     is torn or corrupt
   */
  static Record read(FileChannel channel, long offset, long size, String[] problem)
      throws IOException {
    if (size - offset < HEADER_LENGTH) {
      problem[0] = "torn record header";
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
    readFully(channel, header, offset);
    header.flip();
    if (header.getInt() != MAGIC) {
      problem[0] = "bad magic";
      return null;
    }
    header.order(ByteOrder.LITTLE_ENDIAN);
    long length = Integer.toUnsignedLong(header.getInt());
    int crc = header.getInt();
    if (length > Block.MAX_SIZE) {
      problem[0] = "record length " + length + " exceeds the block size bound";
      return null;
    }
    if (length > size - offset - HEADER_LENGTH) {
      problem[0] = "torn record payload";
      return null;
    }
    ByteBuffer payload = ByteBuffer.allocate((int) length);
    readFully(channel, payload, offset + HEADER_LENGTH);
    byte[] bytes = payload.array();
    if (crc(bytes) != crc) {
      problem[0] = "CRC32C mismatch";
      return null;
    }
    try {
      return new Record(Block.decode(bytes), (int) length);
    } catch (DecodeException e) {
      problem[0] = "undecodable block: " + e.getMessage();
      return null;
    }
  }

  static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += n;
    }
  }

  /** A valid record: its block and payload length. */
  record Record(Block block, int length) {
    long totalLength() {
      return HEADER_LENGTH + (long) length;
    }
  }
}
