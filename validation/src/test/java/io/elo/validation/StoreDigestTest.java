package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.model.DecodeException;
import io.elo.model.Height;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StoreDigestTest {
  private static final byte[] KEY = new byte[36];
  private static final byte[] VALUE = {5, 1, 2};
  private static final byte[] TIP = StoreCodec.encodeTip(StoreFixtures.hash(9), Height.of(9));

  @Test
  void empty_encodesAsZeroCountsAndSums() {
    assertArrayEquals(new byte[StoreDigest.LENGTH_WITHOUT_TIP], StoreDigest.EMPTY.encode());
    assertEquals(0, StoreDigest.EMPTY.coinCount());
    assertEquals(0, StoreDigest.EMPTY.undoCount());
    assertTrue(StoreDigest.EMPTY.hasTip(null));
    assertFalse(StoreDigest.EMPTY.hasTip(TIP));
  }

  @Test
  void addThenRemove_returnsToTheStartingDigest() {
    StoreDigest digest =
        StoreDigest.EMPTY
            .toAccumulator()
            .addCoin(KEY, VALUE)
            .addUndo(KEY, VALUE)
            .removeCoin(KEY, VALUE)
            .removeUndo(KEY, VALUE)
            .build();
    assertEquals(StoreDigest.EMPTY, digest);
  }

  @Test
  void removeFromEmpty_wrapsModulo2To256_andAddRestores() {
    StoreDigest negative = StoreDigest.EMPTY.toAccumulator().removeCoin(KEY, VALUE).build();
    assertEquals(-1, negative.coinCount());
    StoreDigest back = negative.toAccumulator().addCoin(KEY, VALUE).build();
    assertEquals(StoreDigest.EMPTY, back);
  }

  @Test
  void sameRecordAsCoinOrUndo_givesDifferentDigests() {
    StoreDigest coin = StoreDigest.EMPTY.toAccumulator().addCoin(KEY, VALUE).build();
    StoreDigest undo = StoreDigest.EMPTY.toAccumulator().addUndo(KEY, VALUE).build();
    assertFalse(coin.equals(undo));
  }

  @Test
  void encode_roundTripsWithAndWithoutTip() {
    StoreDigest withoutTip = StoreDigest.EMPTY.toAccumulator().addCoin(KEY, VALUE).build();
    StoreDigest withTip = withoutTip.toAccumulator().addUndo(KEY, VALUE).tip(TIP).build();
    assertEquals(StoreDigest.LENGTH_WITHOUT_TIP, withoutTip.encode().length);
    assertEquals(StoreDigest.LENGTH_WITHOUT_TIP + TIP.length, withTip.encode().length);
    assertEquals(withoutTip, StoreDigest.decode(withoutTip.encode()));
    assertEquals(withTip, StoreDigest.decode(withTip.encode()));
    assertTrue(withTip.hasTip(TIP));
  }

  @Test
  void encode_layoutIsCountSumCountSumTip() {
    StoreDigest digest =
        StoreDigest.EMPTY.toAccumulator().addCoin(KEY, VALUE).addCoin(VALUE, KEY).tip(TIP).build();
    ByteBuffer buf = ByteBuffer.wrap(digest.encode());
    assertEquals(2, buf.getLong(0));
    assertEquals(0, buf.getLong(40));
    byte[] tip = new byte[TIP.length];
    buf.position(StoreDigest.LENGTH_WITHOUT_TIP).get(tip);
    assertArrayEquals(TIP, tip);
  }

  @Test
  void decode_rejectsOtherLengths() {
    assertThrows(DecodeException.class, () -> StoreDigest.decode(new byte[79]));
    assertThrows(DecodeException.class, () -> StoreDigest.decode(new byte[81]));
    assertThrows(DecodeException.class, () -> StoreDigest.decode(new byte[117]));
  }

  @Test
  void decode_rejectsANegativeCount() {
    byte[] bytes = new byte[StoreDigest.LENGTH_WITHOUT_TIP];
    bytes[0] = (byte) 0x80;
    assertThrows(DecodeException.class, () -> StoreDigest.decode(bytes));
  }

  @Test
  void tip_rejectsAWrongLength() {
    assertThrows(
        IllegalArgumentException.class, () -> StoreDigest.EMPTY.toAccumulator().tip(new byte[35]));
  }

  @Test
  void equalsAndHashCode_coverEveryField() {
    new EqualsTester()
        .addEqualityGroup(StoreDigest.EMPTY, StoreDigest.decode(new byte[80]))
        .addEqualityGroup(
            StoreDigest.EMPTY.toAccumulator().addCoin(KEY, VALUE).build(),
            StoreDigest.EMPTY.toAccumulator().addCoin(KEY, VALUE).build())
        .addEqualityGroup(StoreDigest.EMPTY.toAccumulator().addUndo(KEY, VALUE).build())
        .addEqualityGroup(StoreDigest.EMPTY.toAccumulator().tip(TIP).build())
        .testEquals();
  }
}
