package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class AddressPropertyTest {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  @Property(tries = 300)
  void parse_detectsAnySingleCharacterError(
      @ForAll("addresses") Address address,
      @ForAll @IntRange(min = 4, max = 61) int position,
      @ForAll @IntRange(min = 1, max = 31) int shift) {
    String text = address.toText();
    char original = text.charAt(position);
    char replacement = CHARSET.charAt((CHARSET.indexOf(original) + shift) % 32);
    String corrupted = text.substring(0, position) + replacement + text.substring(position + 1);
    assertTrue(Address.tryParse(corrupted).isEmpty(), corrupted);
  }

  @Provide
  Arbitrary<Address> addresses() {
    return ModelArbitraries.addresses();
  }
}
