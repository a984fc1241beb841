package io.elo.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.EqualsTester;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashTest {
  private static final HexFormat HEX = HexFormat.of();

  // FIPS 180-4 / NIST CSRC "SHA256.pdf" examples.
  @Test
  void sha256_matchesFipsExampleAbc() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Hash.sha256("abc".getBytes(US_ASCII)).toHex());
  }

  @Test
  void sha256_matchesFipsExample448Bits() {
    byte[] message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(US_ASCII);
    assertEquals(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        Hash.sha256(message).toHex());
  }

  @Test
  void sha256_matchesFipsExampleOneMillionA() {
    byte[] message = new byte[1_000_000];
    Arrays.fill(message, (byte) 'a');
    assertEquals(
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        Hash.sha256(message).toHex());
  }

  @Test
  void sha256_ofEmptyInput() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        Hash.sha256(new byte[0]).toHex());
  }

  @Test
  void sha256d_isSha256OfSha256() {
    byte[] message = "abc".getBytes(US_ASCII);
    Hash once = Hash.sha256(message);
    assertEquals(Hash.sha256(once.toBytes()), Hash.sha256d(message));
    assertEquals(
        "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358",
        Hash.sha256d(message).toHex());
  }

  @Test
  void sha256d_withOffsetHashesOnlyTheRange() {
    byte[] padded = "xxabcyy".getBytes(US_ASCII);
    assertEquals(Hash.sha256d("abc".getBytes(US_ASCII)), Hash.sha256d(padded, 2, 3));
  }

  @Test
  void sha256d_ofBuffers_equalsTheArrayRange_whateverTheBuffer() {
    // Longer than the chunk read-only buffers are hashed through, to cross chunk boundaries.
    byte[] data = new byte[10_000];
    new Random(5).nextBytes(data);
    Hash expected = Hash.sha256d(data, 3, 9_990);
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).clear();
    for (ByteBuffer buffer :
        new ByteBuffer[] {
          ByteBuffer.wrap(data), ByteBuffer.wrap(data).asReadOnlyBuffer(), direct
        }) {
      assertEquals(expected, Hash.sha256d(buffer, 3, 9_990));
      assertEquals(expected, Hash.sha256d(buffer.position(3).limit(9_993)));
      assertEquals(3, buffer.position(), "position left alone");
      assertEquals(
          Hash.fromBytes(data, 17), Hash.fromBytes(buffer, 17), "fromBytes at an index");
    }
    assertThrows(
        IndexOutOfBoundsException.class, () -> Hash.sha256d(ByteBuffer.wrap(data), 9_999, 2));
  }

  @Test
  void equals_followsTheBytes() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[31] = 1;
    new EqualsTester()
        .addEqualityGroup(Hash.fromBytes(a), Hash.fromBytes(a.clone()), Hash.ZERO)
        .addEqualityGroup(Hash.fromBytes(b), Hash.fromHex(HEX.formatHex(b)))
        .addEqualityGroup(Hash.sha256(new byte[0]))
        .testEquals();
  }

  @Test
  void fromBytes_copiesTheInput() {
    byte[] bytes = new byte[32];
    Hash hash = Hash.fromBytes(bytes);
    bytes[0] = 42;
    assertEquals(Hash.ZERO, hash);
  }

  @Test
  void toBytes_returnsACopy() {
    Hash hash = Hash.sha256(new byte[] {1});
    byte[] out = hash.toBytes();
    out[0] ^= 1;
    assertEquals(Hash.sha256(new byte[] {1}), hash);
    assertArrayEquals(Hash.sha256(new byte[] {1}).toBytes(), hash.toBytes());
  }

  @Test
  void fromBytesWithOffset_copiesTheRange() {
    byte[] source = new byte[40];
    source[4] = 7;
    Hash hash = Hash.fromBytes(source, 4);
    source[4] = 0;
    assertEquals(7, hash.byteAt(0));
    assertThrows(IndexOutOfBoundsException.class, () -> Hash.fromBytes(source, 9));
    assertThrows(IndexOutOfBoundsException.class, () -> Hash.fromBytes(source, -1));
  }

  @Test
  void copyTo_writesTheBytesAtTheOffset() {
    Hash hash = Hash.sha256(new byte[] {2});
    byte[] target = new byte[34];
    hash.copyTo(target, 2);
    assertArrayEquals(hash.toBytes(), Arrays.copyOfRange(target, 2, 34));
    assertThrows(IndexOutOfBoundsException.class, () -> hash.copyTo(target, 3));
  }

  @Test
  void hex_roundTrips() {
    Hash hash = Hash.sha256("round trip".getBytes(US_ASCII));
    assertEquals(hash, Hash.fromHex(hash.toHex()));
    assertEquals(hash, Hash.fromHex(hash.toHex().toUpperCase()));
    assertEquals(hash.toHex(), hash.toString());
  }

  @Test
  void fromHex_rejectsWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(""));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("00".repeat(31)));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("00".repeat(33)));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("0".repeat(63)));
  }

  @Test
  void fromHex_rejectsNonHexDigits() {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("g" + "0".repeat(63)));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(" " + "0".repeat(63)));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("0x" + "0".repeat(62)));
  }

  @Test
  void fromBytes_rejectsWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromBytes(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromBytes(new byte[33]));
  }

  @Test
  void compareTo_treatsBytesAsUnsigned() {
    byte[] high = new byte[32];
    high[0] = (byte) 0x80;
    byte[] low = new byte[32];
    low[0] = 0x7f;
    assertEquals(1, Integer.signum(Hash.fromBytes(high).compareTo(Hash.fromBytes(low))));
  }
}
