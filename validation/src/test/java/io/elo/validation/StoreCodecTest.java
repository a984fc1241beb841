package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.DecodeException;
import io.elo.model.DecodeException.Reason;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.TxOutput;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StoreCodecTest {
  private static final Hash ADDRESS = Hash.fromHex("11".repeat(32));

  @Test
  void coin_encodingIsDocumentedLayout() {
    Coin coin = Coin.of(TxOutput.of(Amount.ofAtoms(300), Address.of(ADDRESS)), Height.of(2), true);
    byte[] expected = new byte[3 + 32];
    expected[0] = 5; // height 2 * 2 + coinbase
    expected[1] = (byte) 0xAC; // 300 = 0b10_0101100: low seven bits with the continuation bit
    expected[2] = 0x02;
    Arrays.fill(expected, 3, 35, (byte) 0x11);
    assertArrayEquals(expected, StoreCodec.encodeCoin(coin));
  }

  @Test
  void coin_largestValuesFitTheMaximumLength() {
    Coin coin =
        Coin.of(
            TxOutput.of(Amount.MAX_MONEY, Address.of(ADDRESS)), Height.of(Integer.MAX_VALUE), true);
    byte[] bytes = StoreCodec.encodeCoin(coin);
    assertEquals(StoreCodec.MAX_COIN_LENGTH, bytes.length);
    assertEquals(coin, StoreCodec.decodeCoin(bytes));
  }

  @Test
  void coin_rejectsNonMinimalVarint() {
    byte[] bytes = new byte[2 + 1 + 32];
    bytes[0] = (byte) 0x80; // zero with a redundant continuation group
    bytes[1] = 0x00;
    bytes[2] = 0x01;
    assertEquals(Reason.NON_MINIMAL_VARINT, reason(() -> StoreCodec.decodeCoin(bytes)));
  }

  @Test
  void coin_rejectsAmountAboveMaxMoney() {
    byte[] bytes = new byte[1 + 8 + 32];
    bytes[0] = 0;
    long atoms = Amount.MAX_MONEY_ATOMS + 1;
    int i = 1;
    while ((atoms & ~0x7FL) != 0) {
      bytes[i++] = (byte) ((atoms & 0x7F) | 0x80);
      atoms >>>= 7;
    }
    bytes[i++] = (byte) atoms;
    byte[] exact = Arrays.copyOf(bytes, i + 32);
    assertEquals(Reason.AMOUNT_OUT_OF_RANGE, reason(() -> StoreCodec.decodeCoin(exact)));
  }

  @Test
  void coin_rejectsTruncatedAndTrailingBytes() {
    byte[] good = StoreCodec.encodeCoin(StoreFixtures.coin(7));
    assertEquals(
        Reason.TRUNCATED,
        reason(() -> StoreCodec.decodeCoin(Arrays.copyOf(good, good.length - 1))));
    assertEquals(
        Reason.TRAILING_BYTES,
        reason(() -> StoreCodec.decodeCoin(Arrays.copyOf(good, good.length + 1))));
  }

  @Test
  void undo_rejectsCountBeyondRemainingBytes() {
    assertEquals(Reason.COUNT_OUT_OF_RANGE, reason(() -> StoreCodec.decodeUndo(new byte[] {2})));
  }

  @Test
  void outPointKey_isTxidThenBigEndianIndex() {
    Hash txid = Hash.fromHex("ab".repeat(32));
    byte[] key = StoreCodec.encodeOutPoint(OutPoint.of(txid, 0x01020304));
    assertArrayEquals(txid.toBytes(), Arrays.copyOf(key, 32));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(key, 32, 36));
  }

  @Test
  void tip_roundTrips() {
    byte[] bytes = StoreCodec.encodeTip(ADDRESS, Height.of(77));
    assertEquals(ADDRESS, StoreCodec.decodeTipHash(bytes));
    assertEquals(Height.of(77), StoreCodec.decodeTipHeight(bytes));
    assertThrows(DecodeException.class, () -> StoreCodec.decodeTipHash(new byte[35]));
  }

  private static Reason reason(Runnable decode) {
    return assertThrows(DecodeException.class, decode::run).reason();
  }
}
