package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DecoderRejectionTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String VERSION = "01000000";
  private static final String HEIGHT = "07000000";
  private static final String ONE_COIN = "00e1f50500000000";
  private static final String ADDRESS = "11".repeat(32);
  private static final String LOCK_TIME = "00000000";

  private static byte[] hex(String... parts) {
    return HEX.parseHex(String.join("", parts));
  }

  private static void assertRejects(
      Reason reason, int offset, Consumer<byte[]> decoder, byte[] bytes) {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.accept(bytes));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  private static void decodeTx(byte[] bytes) {
    Transaction.decode(bytes);
  }

  private static void decodeHeader(byte[] bytes) {
    BlockHeader.decode(bytes);
  }

  private static void decodeBlock(byte[] bytes) {
    Block.decode(bytes);
  }

  private static Transaction sampleCoinbase() {
    return Transaction.coinbase(
        Height.of(7),
        new byte[0],
        List.of(TxOutput.of(Amount.ofCoins(1), Address.of(Hash.fromHex(ADDRESS)))));
  }

  private static Transaction sampleSpend() {
    return Transaction.of(
        1,
        List.of(TxInput.of(OutPoint.of(Hash.ZERO, 3), (byte) 1, new byte[32], new byte[64])),
        List.of(TxOutput.of(Amount.ofCoins(1), Address.of(Hash.ZERO))),
        Height.ZERO);
  }

  private static BlockHeader sampleHeader() {
    return BlockHeader.of(1, Hash.ZERO, Hash.ZERO, 1_700_000_000L, 0x207fffff, 0);
  }

  @Test
  void decode_acceptsTheHandWrittenCoinbase() {
    byte[] bytes = hex(VERSION, "00", HEIGHT, "00", "01", ONE_COIN, ADDRESS, LOCK_TIME);
    assertEquals(sampleCoinbase(), Transaction.decode(bytes));
  }

  @Test
  void decode_rejectsTrailingBytes() {
    byte[] tx = sampleCoinbase().encode();
    assertRejects(Reason.TRAILING_BYTES, tx.length, DecoderRejectionTest::decodeTx, append(tx));
    byte[] header = sampleHeader().encode();
    assertRejects(
        Reason.TRAILING_BYTES, header.length, DecoderRejectionTest::decodeHeader, append(header));
    byte[] block = Block.of(sampleHeader(), List.of(sampleCoinbase())).encode();
    assertRejects(
        Reason.TRAILING_BYTES, block.length, DecoderRejectionTest::decodeBlock, append(block));
  }

  @Test
  void decode_rejectsTruncatedInput() {
    byte[] tx = sampleSpend().encode();
    assertRejects(
        Reason.TRUNCATED,
        tx.length - 64,
        DecoderRejectionTest::decodeTx,
        Arrays.copyOf(tx, tx.length - 1));
    assertRejects(Reason.TRUNCATED, 0, DecoderRejectionTest::decodeHeader, new byte[0]);
  }

  @Test
  void decode_rejectsNonMinimalVarint() {
    // Input count 0 written as two bytes.
    assertRejects(
        Reason.NON_MINIMAL_VARINT,
        4,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "8000", HEIGHT, "00", "01", ONE_COIN, ADDRESS, LOCK_TIME));
    // Output count 1 written as 0x81 0x00.
    assertRejects(
        Reason.NON_MINIMAL_VARINT,
        10,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", HEIGHT, "00", "8100", ONE_COIN, ADDRESS, LOCK_TIME));
  }

  @Test
  void decode_rejectsOverlongAndOverflowingVarints() {
    assertRejects(
        Reason.VARINT_OVERFLOW,
        4,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "ffffffff1f", "00".repeat(64)));
    assertRejects(
        Reason.VARINT_OVERFLOW,
        4,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "808080808000", "00".repeat(64)));
  }

  @Test
  void decode_rejectsACountTheRemainingBytesCannotHoldBeforeAllocating() {
    // Ten bytes claiming 2^32-1 inputs: rejected at the count, nothing allocated for it.
    byte[] bytes = hex(VERSION, "ffffffff0f", "00");
    assertEquals(10, bytes.length);
    assertRejects(Reason.COUNT_OUT_OF_RANGE, 4, DecoderRejectionTest::decodeTx, bytes);
    byte[] header = sampleHeader().encode();
    assertRejects(
        Reason.COUNT_OUT_OF_RANGE,
        header.length,
        DecoderRejectionTest::decodeBlock,
        concat(header, hex("ffffffff0f")));
  }

  @Test
  void decode_rejectsAmountAboveMaxMoney() {
    String tooMuch = HEX.formatHex(le64(Amount.MAX_MONEY_ATOMS + 1));
    assertRejects(
        Reason.AMOUNT_OUT_OF_RANGE,
        11,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", HEIGHT, "00", "01", tooMuch, ADDRESS, LOCK_TIME));
    String max = HEX.formatHex(le64(Amount.MAX_MONEY_ATOMS));
    Transaction decoded =
        Transaction.decode(hex(VERSION, "00", HEIGHT, "00", "01", max, ADDRESS, LOCK_TIME));
    assertEquals(Amount.MAX_MONEY, decoded.outputs().get(0).amount());
  }

  @Test
  void decode_rejectsSealLongerThan255() {
    byte[] fixed = Arrays.copyOf(sampleHeader().encode(), BlockHeader.FIXED_LENGTH);
    byte[] bytes = concat(fixed, hex("8002"), new byte[256]);
    assertRejects(Reason.LENGTH_OUT_OF_RANGE, 84, DecoderRejectionTest::decodeHeader, bytes);
    BlockHeader sealed = BlockHeader.decode(concat(fixed, hex("ff01"), new byte[255]));
    assertEquals(255, sealed.sealLength());
  }

  @Test
  void decode_rejectsCoinbaseExtraLongerThan100() {
    assertRejects(
        Reason.LENGTH_OUT_OF_RANGE,
        9,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", HEIGHT, "65", "00".repeat(101), "01", ONE_COIN, ADDRESS, LOCK_TIME));
    Transaction maximal =
        Transaction.decode(
            hex(VERSION, "00", HEIGHT, "64", "00".repeat(100), "01", ONE_COIN, ADDRESS, LOCK_TIME));
    assertEquals(100, maximal.coinbaseExtra().length);
  }

  @Test
  void decode_rejectsZeroOutputs() {
    assertRejects(
        Reason.COUNT_OUT_OF_RANGE,
        10,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", HEIGHT, "00", "00", LOCK_TIME));
  }

  @Test
  void decode_rejectsZeroTransactions() {
    byte[] header = sampleHeader().encode();
    assertRejects(
        Reason.COUNT_OUT_OF_RANGE,
        header.length,
        DecoderRejectionTest::decodeBlock,
        concat(header, hex("00")));
  }

  @Test
  void decode_rejectsTimestampWithTopBitSet() {
    byte[] bytes = sampleHeader().encode();
    bytes[BlockHeader.TIMESTAMP_OFFSET + 7] |= (byte) 0x80;
    assertRejects(Reason.VALUE_OUT_OF_RANGE, 68, DecoderRejectionTest::decodeHeader, bytes);
  }

  @Test
  void decode_rejectsHeightsAndIndexesWithTopBitSet() {
    assertRejects(
        Reason.VALUE_OUT_OF_RANGE,
        5,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", "00000080", "00", "01", ONE_COIN, ADDRESS, LOCK_TIME));
    assertRejects(
        Reason.VALUE_OUT_OF_RANGE,
        51,
        DecoderRejectionTest::decodeTx,
        hex(VERSION, "00", HEIGHT, "00", "01", ONE_COIN, ADDRESS, "ffffffff"));
    byte[] spend = sampleSpend().encode();
    spend[5 + 32 + 3] = (byte) 0x80; // top byte of the output index
    assertRejects(Reason.VALUE_OUT_OF_RANGE, 37, DecoderRejectionTest::decodeTx, spend);
  }

  @Test
  void decode_rejectsOverlongWitnessFields() {
    String prefix = VERSION + "01" + "00".repeat(36) + "01" + ONE_COIN + ADDRESS + LOCK_TIME;
    int witness = prefix.length() / 2;
    assertRejects(
        Reason.LENGTH_OUT_OF_RANGE,
        witness + 1,
        DecoderRejectionTest::decodeTx,
        hex(prefix, "01", "42", "00".repeat(66), "00"));
    assertRejects(
        Reason.LENGTH_OUT_OF_RANGE,
        witness + 2,
        DecoderRejectionTest::decodeTx,
        hex(prefix, "01", "00", "49", "00".repeat(73)));
    Transaction maximal =
        Transaction.decode(hex(prefix, "01", "41", "00".repeat(65), "48", "00".repeat(72)));
    assertEquals(65, maximal.inputs().get(0).publicKey().length);
  }

  @Test
  void decode_rejectsInputsLargerThanTheSizeBounds() {
    assertRejects(
        Reason.TOO_LARGE, 0, DecoderRejectionTest::decodeTx, new byte[Transaction.MAX_SIZE + 1]);
    assertRejects(
        Reason.TOO_LARGE, 0, DecoderRejectionTest::decodeBlock, new byte[Block.MAX_SIZE + 1]);
  }

  @Test
  void decode_rejectsATransactionInsideABlockLargerThanTheTransactionBound() {
    int outputs = Transaction.MAX_SIZE / TxOutput.ENCODED_LENGTH;
    ByteArrayOutputStream tx = new ByteArrayOutputStream();
    tx.writeBytes(hex(VERSION, "00", HEIGHT, "00"));
    Writer count = new Writer(Writer.varintSize(outputs));
    tx.writeBytes(count.varint(outputs).finish());
    byte[] output = hex(ONE_COIN, ADDRESS);
    for (int i = 0; i < outputs; i++) {
      tx.writeBytes(output);
    }
    tx.writeBytes(hex(LOCK_TIME));
    byte[] header = sampleHeader().encode();
    byte[] block = concat(header, hex("01"), tx.toByteArray());
    assertRejects(Reason.TOO_LARGE, header.length + 1, DecoderRejectionTest::decodeBlock, block);
  }

  private static byte[] append(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] le64(long value) {
    return new Writer(8).u64(value).finish();
  }
}
