package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeightTest {
  @Test
  void of_rejectsNegativeHeights() {
    assertThrows(IllegalArgumentException.class, () -> Height.of(-1));
    assertEquals(0, Height.of(0).value());
    assertEquals(Height.ZERO, Height.of(0));
  }

  @Test
  void next_incrementsAndThrowsAtTheLimit() {
    assertEquals(Height.of(8), Height.of(7).next());
    assertThrows(ArithmeticException.class, () -> Height.of(Integer.MAX_VALUE).next());
  }

  @Test
  void compareTo_ordersByValueAndToStringIsDecimal() {
    assertTrue(Height.of(2).compareTo(Height.of(10)) < 0);
    assertEquals("42", Height.of(42).toString());
  }
}
