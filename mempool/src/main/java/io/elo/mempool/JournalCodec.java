package io.elo.mempool;

import io.elo.model.DecodeException;
import io.elo.model.Transaction;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The byte format of the journal and snapshot files (docs/mempool.md): an 8-byte ASCII magic
 * ({@code ELOMPJ01} for a journal, {@code ELOMPS01} for a snapshot), then records of {@code
 * u32 length || u32 CRC32C(payload) || payload}, big-endian, where the payload is {@code u8 type (1 =
 * transaction) || i64 time added (epoch milliseconds) || canonical transaction encoding}.
 */
final class JournalCodec {
  static final byte[] JOURNAL_MAGIC = "ELOMPJ01".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SNAPSHOT_MAGIC = "ELOMPS01".getBytes(StandardCharsets.US_ASCII);
  static final byte TRANSACTION = 1;
  static final int MAX_PAYLOAD = 1 + 8 + Transaction.MAX_SIZE;

  /** One journaled transaction. */
  record Record(long addedMillis, Transaction tx) {}

  private JournalCodec() {}

  static byte[] encode(Record record) {
    byte[] tx = record.tx().encode();
    int payload = 1 + 8 + tx.length;
    ByteBuffer buffer = ByteBuffer.allocate(8 + payload);
    buffer.putInt(payload).putInt(0).put(TRANSACTION).putLong(record.addedMillis()).put(tx);
    byte[] bytes = buffer.array();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 8, payload);
    ByteBuffer.wrap(bytes, 4, 4).putInt((int) crc.getValue());
    return bytes;
  }

  /** Whether {@code in} starts with {@code magic}. */
  static boolean readMagic(DataInputStream in, byte[] magic) throws IOException {
    byte[] read = new byte[magic.length];
    try {
      in.readFully(read);
    } catch (EOFException e) {
      return false;
    }
    return Arrays.equals(read, magic);
  }

  /**
   * Reads the next record; empty at the end of the file or at a torn or corrupt record (a crash
   * in the middle of an append), after which nothing more is read.
   */
  static Optional<Record> read(DataInputStream in) throws IOException {
    try {
      int length = in.readInt();
      int expectedCrc = in.readInt();
      if (length < 9 || length > MAX_PAYLOAD) {
        return Optional.empty();
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      CRC32C crc = new CRC32C();
      crc.update(payload);
      if ((int) crc.getValue() != expectedCrc || payload[0] != TRANSACTION) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      buffer.get();
      long added = buffer.getLong();
      byte[] tx = Arrays.copyOfRange(payload, 9, payload.length);
      return Optional.of(new Record(added, Transaction.decode(tx)));
    } catch (EOFException | DecodeException e) {
      return Optional.empty();
    }
  }
}
