package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class HeaderHasherPropertyTest {
  @Property(tries = 1000)
  void hashWithTail_equalsDoubleSha256OfPrefixAndTail(
      @ForAll @Size(min = 84, max = 200) byte[] header, @ForAll @Size(max = 200) byte[] tail) {
    byte[] whole = new byte[64 + tail.length];
    System.arraycopy(header, 0, whole, 0, 64);
    System.arraycopy(tail, 0, whole, 64, tail.length);
    Hash expected = Hash.sha256d(whole);

    HeaderHasher hasher = HeaderHasher.forPrefix(header);
    assertEquals(expected, hasher.hashWithTail(tail));
    byte[] out = new byte[32];
    hasher.hashWithTail(tail, out);
    assertArrayEquals(expected.toBytes(), out);
  }

  @Property(tries = 1000)
  void hashWithTail_ofTheHeadersOwnTail_isTheHeaderHash(
      @ForAll @Size(min = 84, max = 200) byte[] header) {
    byte[] tail = Arrays.copyOfRange(header, 64, header.length);
    assertEquals(HeaderHasher.hash(header), HeaderHasher.forPrefix(header).hashWithTail(tail));
  }
}
