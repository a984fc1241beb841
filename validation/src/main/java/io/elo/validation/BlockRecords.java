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
 *
 * <p>Appending copies a block's bytes once, into the writer's direct buffer (the copy {@code
 * FileChannel.write} would otherwise make into a temporary direct buffer of its own), checksums
 * them there and writes them from there: no re-encoding and no further copy.
 */
final class BlockRecords {
  /** "ELOB". */
  static final int MAGIC = 0x454C4F42;

  /** Bytes before the payload. */
  static final int HEADER_LENGTH = 12;

  /** The writer's direct buffer: records up to this size take one write. */
  static final int WRITE_BUFFER = 1 << 20;

  private BlockRecords() {}

  /** Appends records to one file, reusing one direct buffer; single writer. */
  static final class Appender {
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_BUFFER);

    /**
     * Writes the record of {@code payload} (its remaining bytes, position unchanged) at {@code
     * position} of {@code channel}; returns the record's total length.
     */
    long append(FileChannel channel, long position, ByteBuffer payload) throws IOException {
      ByteBuffer source = payload.duplicate();
      int length = source.remaining();
      CRC32C crc = new CRC32C();
      // The first chunk leaves room for the header, written with it when the payload fits.
      long at = position;
      int room = HEADER_LENGTH;
      boolean first = true;
      while (first || source.hasRemaining()) {
        int n = Math.min(buffer.capacity() - room, source.remaining());
        buffer.clear().position(room);
        buffer.put(buffer.position(), source, source.position(), n);
        source.position(source.position() + n);
        crc.update(buffer.limit(room + n));
        buffer.position(room);
        if (first && !source.hasRemaining()) {
          putHeader(buffer, 0, length, crc);
          buffer.position(0);
          writeFully(channel, buffer, at);
          return HEADER_LENGTH + (long) length;
        }
        writeFully(channel, buffer, at + room);
        at += room + n;
        room = 0;
        first = false;
      }
      // A payload larger than the buffer: its header goes last, once the checksum is known. A
      // crash before the header is written leaves a torn record, which opening truncates.
      ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
      putHeader(header, 0, length, crc);
      writeFully(channel, header, position);
      return HEADER_LENGTH + (long) length;
    }
  }

  private static void putHeader(ByteBuffer buf, int at, int length, CRC32C crc) {
    buf.order(ByteOrder.BIG_ENDIAN).putInt(at, MAGIC);
    buf.order(ByteOrder.LITTLE_ENDIAN).putInt(at + 4, length).putInt(at + 8, (int) crc.getValue());
  }

  private static void writeFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
  }

  /**
   * Reads the record at {@code offset} of a file of {@code size} bytes and decodes its block.
   *
   * @return the decoded record, or {@code null} with {@code problem[0]} saying why when the record
   *     is torn or corrupt
   */
  static Record read(FileChannel channel, long offset, long size, String[] problem)
      throws IOException {
    ByteBuffer payload = readPayload(channel, offset, size, problem);
    if (payload == null) {
      return null;
    }
    try {
      // The array was just read and is not shared: the block keeps it without a copy.
      return new Record(Block.decode(payload), payload.remaining());
    } catch (DecodeException e) {
      problem[0] = "undecodable block: " + e.getMessage();
      return null;
    }
  }

  /**
   * Reads the payload of the record at {@code offset} of a file of {@code size} bytes, its
   * checksum checked, as a read-only buffer of a fresh array.
   *
   * @return the payload, or {@code null} with {@code problem[0]} saying why when the record is torn
   *     or corrupt
   */
  static ByteBuffer readPayload(FileChannel channel, long offset, long size, String[] problem)
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
    CRC32C check = new CRC32C();
    check.update(payload.array());
    if ((int) check.getValue() != crc) {
      problem[0] = "CRC32C mismatch";
      return null;
    }
    return payload.flip().asReadOnlyBuffer();
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
