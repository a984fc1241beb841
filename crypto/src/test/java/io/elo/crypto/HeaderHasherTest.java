package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeaderHasherTest {
  @Test
  void hash_isDoubleSha256() {
    byte[] header = new byte[80];
    header[3] = 9;
    assertEquals(Hash.sha256d(header), HeaderHasher.hash(header));
  }

  @Test
  void forPrefix_rejectsShortPrefix() {
    assertThrows(IllegalArgumentException.class, () -> HeaderHasher.forPrefix(new byte[63]));
  }

  @Test
  void forPrefix_acceptsExactly64Bytes() {
    byte[] prefix = new byte[64];
    prefix[0] = 1;
    byte[] tail = {1, 2, 3, 4};
    byte[] whole = new byte[68];
    whole[0] = 1;
    System.arraycopy(tail, 0, whole, 64, 4);
    assertEquals(Hash.sha256d(whole), HeaderHasher.forPrefix(prefix).hashWithTail(tail));
  }

  @Test
  void forPrefix_ignoresLaterChangesToTheHeaderArray() {
    byte[] header = new byte[80];
    HeaderHasher hasher = HeaderHasher.forPrefix(header);
    header[0] = 5;
    byte[] expected = new byte[80];
    assertEquals(Hash.sha256d(expected), hasher.hashWithTail(new byte[16]));
  }

  @Test
  void hashWithTail_isRepeatableAndAllocationFreeVariantAgrees() {
    byte[] header = new byte[96];
    HeaderHasher hasher = HeaderHasher.forPrefix(header);
    byte[] out = new byte[40];
    hasher.hashWithTail(new byte[32], out);
    hasher.hashWithTail(new byte[32], out);
    byte[] first32 = java.util.Arrays.copyOf(out, 32);
    assertArrayEquals(Hash.sha256d(header).toBytes(), first32);
  }

  @Test
  void hashWithTail_rejectsShortOutput() {
    HeaderHasher hasher = HeaderHasher.forPrefix(new byte[64]);
    assertThrows(
        IllegalArgumentException.class, () -> hasher.hashWithTail(new byte[4], new byte[31]));
  }
}
