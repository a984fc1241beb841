package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class HashPropertyTest {
  @Property(tries = 1000)
  void compareTo_agreesWithUnsignedLexicographicOrder(
      @ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    assertEquals(
        Integer.signum(Arrays.compareUnsigned(a, b)),
        Integer.signum(Hash.fromBytes(a).compareTo(Hash.fromBytes(b))));
  }

  @Property(tries = 1000)
  void compareTo_isZeroExactlyForEqualHashes(@ForAll @Size(32) byte[] a) {
    byte[] b = a.clone();
    b[a.length - 1] ^= 1;
    assertEquals(0, Hash.fromBytes(a).compareTo(Hash.fromBytes(a.clone())));
    assertEquals(
        Integer.signum(Arrays.compareUnsigned(a, b)),
        Integer.signum(Hash.fromBytes(a).compareTo(Hash.fromBytes(b))));
  }

  @Property(tries = 10000)
  void fromHex_acceptsOnlyWhatItCanPrintBack(@ForAll String text) {
    Hash hash;
    try {
      hash = Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertEquals(text.toLowerCase(), hash.toHex());
  }

  @Property(tries = 1000)
  void hex_roundTripsForAnyBytes(@ForAll @Size(32) byte[] bytes) {
    Hash hash = Hash.fromBytes(bytes);
    assertEquals(hash, Hash.fromHex(hash.toHex()));
  }
}
