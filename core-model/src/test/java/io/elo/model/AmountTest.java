package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AmountTest {
  private static final Amount ONE_ATOM = Amount.ofAtoms(1);

  @Test
  void constants_matchTheSpecification() {
    assertEquals(100_000_000L, Amount.COIN);
    assertEquals(2_100_000_000_000_000L, Amount.MAX_MONEY.atoms());
    assertEquals(Amount.ofCoins(21_000_000), Amount.MAX_MONEY);
    assertEquals(0, Amount.ZERO.atoms());
  }

  @Test
  void of_rejectsValuesOutsideTheMoneyRange() {
    assertThrows(IllegalArgumentException.class, () -> Amount.ofAtoms(-1));
    assertThrows(IllegalArgumentException.class, () -> Amount.ofAtoms(Amount.MAX_MONEY_ATOMS + 1));
    assertThrows(IllegalArgumentException.class, () -> Amount.ofCoins(21_000_001));
    assertThrows(IllegalArgumentException.class, () -> Amount.ofCoins(-1));
    assertThrows(IllegalArgumentException.class, () -> Amount.ofCoins(Long.MAX_VALUE));
  }

  @Test
  void plus_throwsAboveMaxMoneyAndTryPlusReturnsEmpty() {
    assertEquals(Amount.MAX_MONEY, Amount.MAX_MONEY.minus(ONE_ATOM).plus(ONE_ATOM));
    assertThrows(ArithmeticException.class, () -> Amount.MAX_MONEY.plus(ONE_ATOM));
    assertEquals(Optional.empty(), Amount.MAX_MONEY.tryPlus(ONE_ATOM));
    assertEquals(Optional.of(Amount.ofAtoms(3)), Amount.ofAtoms(1).tryPlus(Amount.ofAtoms(2)));
  }

  @Test
  void minus_throwsBelowZeroAndTryMinusReturnsEmpty() {
    assertEquals(Amount.ZERO, ONE_ATOM.minus(ONE_ATOM));
    assertThrows(ArithmeticException.class, () -> Amount.ZERO.minus(ONE_ATOM));
    assertEquals(Optional.empty(), Amount.ZERO.tryMinus(ONE_ATOM));
  }

  @Test
  void times_throwsOutsideTheRangeAndOnLongOverflow() {
    assertEquals(Amount.ofCoins(50), Amount.ofCoins(25).times(2));
    assertThrows(ArithmeticException.class, () -> Amount.MAX_MONEY.times(2));
    assertThrows(ArithmeticException.class, () -> ONE_ATOM.times(-1));
    assertThrows(ArithmeticException.class, () -> Amount.MAX_MONEY.times(Long.MAX_VALUE));
    assertEquals(Amount.ZERO, Amount.MAX_MONEY.times(0));
  }

  @Test
  void sum_addsAndThrowsAboveMaxMoney() {
    assertEquals(
        Amount.ofAtoms(6), Amount.sum(List.of(ONE_ATOM, Amount.ofAtoms(2), Amount.ofAtoms(3))));
    assertEquals(Amount.ZERO, Amount.sum(List.of()));
    assertThrows(ArithmeticException.class, () -> Amount.sum(List.of(Amount.MAX_MONEY, ONE_ATOM)));
  }

  @Test
  void toString_printsCoinsWithEightDecimals() {
    assertEquals("1.23456789", Amount.ofAtoms(123_456_789).toString());
    assertEquals("0.00000001", ONE_ATOM.toString());
    assertEquals("50.00000000", Amount.ofCoins(50).toString());
    assertEquals("21000000.00000000", Amount.MAX_MONEY.toString());
  }

  @Test
  void parse_readsDecimalCoinsAndRejectsEverythingElse() {
    assertEquals(Amount.ofAtoms(150_000_000), Amount.parse("1.5"));
    assertEquals(ONE_ATOM, Amount.parse("0.00000001"));
    assertEquals(Amount.ofCoins(7), Amount.parse("7"));
    assertEquals(Amount.MAX_MONEY, Amount.parse("21000000"));
    for (String bad :
        List.of(
            "",
            ".",
            "1.",
            ".5",
            "-1",
            "+1",
            "1.000000001",
            "21000000.00000001",
            "1e3",
            "1,5",
            "99999999999")) {
      assertTrue(Amount.tryParse(bad).isEmpty(), bad);
      assertThrows(IllegalArgumentException.class, () -> Amount.parse(bad), bad);
    }
  }

  @Test
  void compareTo_ordersByAtoms() {
    assertTrue(ONE_ATOM.compareTo(Amount.ZERO) > 0);
    assertTrue(Amount.ZERO.compareTo(Amount.MAX_MONEY) < 0);
    assertEquals(0, Amount.ofAtoms(5).compareTo(Amount.ofAtoms(5)));
  }
}
