package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compact targets with Bitcoin Core's arith_uint256 SetCompact/GetCompact test values. */
class TargetTest {
  private static BigInteger hex(String digits) {
    return new BigInteger(digits, 16);
  }

  /** Core: these decode to zero (with or without the sign bit), which Elo rejects. */
  @ParameterizedTest
  @ValueSource(
      ints = {
        0, 0x00123456, 0x01003456, 0x02000056, 0x03000000, 0x04000000, 0x00923456, 0x01803456,
        0x02800056, 0x03800000, 0x04800000
      })
  void fromCompact_rejectsZero(int bits) {
    assertEquals(Optional.empty(), Target.tryFromCompact(bits));
    assertThrows(IllegalArgumentException.class, () -> Target.fromCompact(bits));
  }

  @Test
  void fromCompact_matchesCoreValues() {
    assertEquals(hex("12"), Target.fromCompact(0x01123456).value());
    assertEquals(0x01120000, Target.fromCompact(0x01123456).toCompact());
    assertEquals(hex("1234"), Target.fromCompact(0x02123456).value());
    assertEquals(0x02123400, Target.fromCompact(0x02123456).toCompact());
    assertEquals(hex("123456"), Target.fromCompact(0x03123456).value());
    assertEquals(0x03123456, Target.fromCompact(0x03123456).toCompact());
    assertEquals(hex("12345600"), Target.fromCompact(0x04123456).value());
    assertEquals(0x04123456, Target.fromCompact(0x04123456).toCompact());
    assertEquals(hex("92340000"), Target.fromCompact(0x05009234).value());
    assertEquals(0x05009234, Target.fromCompact(0x05009234).toCompact());
    assertEquals(
        hex("1234560000000000000000000000000000000000000000000000000000000000"),
        Target.fromCompact(0x20123456).value());
    assertEquals(0x20123456, Target.fromCompact(0x20123456).toCompact());
  }

  @Test
  void toCompact_neverSetsTheSignBit() {
    // Core: num = 0x80; GetCompact() == 0x02008000.
    assertEquals(0x02008000, Target.of(BigInteger.valueOf(0x80)).toCompact());
  }

  /** Core flags 0x01fedcba and 0x04923456 negative; Elo rejects negative targets. */
  @ParameterizedTest
  @ValueSource(ints = {0x01fedcba, 0x04923456})
  void fromCompact_rejectsNegative(int bits) {
    assertEquals(Optional.empty(), Target.tryFromCompact(bits));
    assertThrows(IllegalArgumentException.class, () -> Target.fromCompact(bits));
  }

  /** Core flags 0xff123456 as overflow; also the edges of Core's overflow test. */
  @ParameterizedTest
  @ValueSource(ints = {0xff123456, 0x23000001, 0x22000100, 0x21010000})
  void fromCompact_rejectsOverflow(int bits) {
    assertEquals(Optional.empty(), Target.tryFromCompact(bits));
  }

  @Test
  void fromCompact_acceptsLargestNonOverflowing() {
    assertEquals(BigInteger.valueOf(0xff).shiftLeft(248), Target.fromCompact(0x220000ff).value());
    assertEquals(
        BigInteger.valueOf(0x7fffff).shiftLeft(232), Target.fromCompact(0x207fffff).value());
  }

  @Test
  void compact_roundTripsForCanonicalValues() {
    for (int bits : new int[] {0x1d00ffff, 0x207fffff, 0x1e035afe, 0x1802aee8, 0x01010000}) {
      assertEquals(bits, Target.fromCompact(bits).toCompact(), Integer.toHexString(bits));
    }
  }

  @Test
  void work_isFloorOfTwoTo256OverTargetPlusOne() {
    assertEquals(ChainWork.ofLong(2), Target.fromCompact(0x207fffff).work());
    assertEquals(ChainWork.ofLong(0x100010001L), Target.fromCompact(0x1d00ffff).work());
  }

  @Test
  void isMetBy_readsHashBigEndian() {
    Target target = Target.of(BigInteger.ONE.shiftLeft(240)); // hash must start with 0x0001 or less
    byte[] bytes = new byte[32];
    bytes[1] = 1;
    assertTrue(target.isMetBy(Hash.fromBytes(bytes)), "exactly the target");
    bytes[31] = 1;
    assertFalse(target.isMetBy(Hash.fromBytes(bytes)), "one above");
    bytes = new byte[32];
    bytes[31] = (byte) 0xff;
    assertTrue(target.isMetBy(Hash.fromBytes(bytes)), "small value in the last byte");
  }

  @Test
  void of_rejectsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Target.of(BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Target.of(BigInteger.ONE.shiftLeft(256)));
  }

  @Test
  void equality() {
    new EqualsTester()
        .addEqualityGroup(Target.fromCompact(0x1d00ffff), Target.of(hex("ffff").shiftLeft(208)))
        .addEqualityGroup(Target.fromCompact(0x207fffff))
        .addEqualityGroup(ChainWork.ofLong(5), ChainWork.of(BigInteger.valueOf(5)))
        .addEqualityGroup(ChainWork.ZERO, ChainWork.ofLong(0), ChainWork.fromHex("0"))
        .testEquals();
  }

  @Test
  void chainWork_addsAndCompares() {
    ChainWork sum = ChainWork.ofLong(2).add(ChainWork.ofLong(3));
    assertEquals(ChainWork.ofLong(5), sum);
    assertTrue(sum.isGreaterThan(ChainWork.ofLong(4)));
    assertEquals("5", sum.toString());
    assertEquals("ff", ChainWork.ofLong(255).toHex());
    assertThrows(IllegalArgumentException.class, () -> ChainWork.ofLong(-1));
  }
}
