package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ed25519SchemeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SignatureScheme ED25519 = SignatureSchemes.ED25519;
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  record Vector(String name, byte[] secret, byte[] publicKey, byte[] message, byte[] signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> rfc8032() {
    return TestVectors.resource("rfc8032-ed25519.txt")
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split(" "))
        .map(
            f ->
                new Vector(
                    f[0],
                    HEX.parseHex(f[1]),
                    HEX.parseHex(f[2]),
                    f[3].equals("-") ? new byte[0] : HEX.parseHex(f[3]),
                    HEX.parseHex(f[4])));
  }

  @Test
  void vectors_includeAllFiveRfc8032Tests() {
    assertEquals(5, rfc8032().count());
    assertEquals(
        1023,
        rfc8032()
            .filter(v -> v.name().equals("TEST-1024"))
            .findFirst()
            .orElseThrow()
            .message()
            .length);
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void sign_producesTheRfc8032Signature(Vector v) {
    PrivateKey key = ED25519.decodePrivateKey(v.secret());
    assertArrayEquals(v.publicKey(), key.publicKey().toBytes());
    assertArrayEquals(v.signature(), ED25519.sign(key, v.message()));
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_acceptsTheRfc8032Signature(Vector v) {
    PublicKey key = ED25519.decodePublicKey(v.publicKey());
    assertTrue(ED25519.verify(key, v.message(), v.signature()));
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_rejectsATamperedMessage(Vector v) {
    PublicKey key = ED25519.decodePublicKey(v.publicKey());
    byte[] longer = Arrays.copyOf(v.message(), v.message().length + 1);
    assertFalse(ED25519.verify(key, longer, v.signature()));
    if (v.message().length > 0) {
      byte[] flipped = v.message().clone();
      flipped[flipped.length / 2] ^= 0x01;
      assertFalse(ED25519.verify(key, flipped, v.signature()));
      byte[] shorter = Arrays.copyOf(v.message(), v.message().length - 1);
      assertFalse(ED25519.verify(key, shorter, v.signature()));
    }
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_rejectsTheSignatureWithAnyByteFlipped(Vector v) {
    PublicKey key = ED25519.decodePublicKey(v.publicKey());
    for (int i = 0; i < v.signature().length; i++) {
      byte[] tampered = v.signature().clone();
      tampered[i] ^= (byte) (1 << (i % 8));
      assertFalse(ED25519.verify(key, v.message(), tampered), "byte " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_rejectsAnotherKey(Vector v) {
    List<Vector> all = rfc8032().toList();
    for (Vector other : all) {
      if (!other.name().equals(v.name())) {
        PublicKey wrong = ED25519.decodePublicKey(other.publicKey());
        assertFalse(ED25519.verify(wrong, v.message(), v.signature()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_rejectsWrongSignatureLengths(Vector v) {
    PublicKey key = ED25519.decodePublicKey(v.publicKey());
    assertFalse(ED25519.verify(key, v.message(), Arrays.copyOf(v.signature(), 63)));
    assertFalse(ED25519.verify(key, v.message(), Arrays.copyOf(v.signature(), 65)));
    assertFalse(ED25519.verify(key, v.message(), new byte[0]));
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void verify_rejectsNonCanonicalS(Vector v) {
    // S + L is the same scalar mod L; RFC 8032 requires rejecting S >= L (malleability).
    PublicKey key = ED25519.decodePublicKey(v.publicKey());
    byte[] sig = v.signature();
    BigInteger s = littleEndian(Arrays.copyOfRange(sig, 32, 64));
    byte[] malleated = sig.clone();
    System.arraycopy(toLittleEndian(s.add(L)), 0, malleated, 32, 32);
    assertFalse(ED25519.verify(key, v.message(), malleated));
  }

  @Test
  void decodePublicKey_rejectsWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(new byte[0]));
  }

  @Test
  void decodePublicKey_rejectsSmallOrderPoints() {
    // The identity (y = 1), y = 0 (order 4) and y = -1 (order 2), with either sign bit of x.
    for (BigInteger y : List.of(BigInteger.ONE, BigInteger.ZERO, P.subtract(BigInteger.ONE))) {
      byte[] encoded = toLittleEndian(y);
      assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(encoded));
      byte[] negative = encoded.clone();
      negative[31] |= (byte) 0x80;
      assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(negative));
    }
  }

  @Test
  void decodePublicKey_rejectsNonCanonicalY() {
    for (int excess = 0; excess < 19; excess++) {
      byte[] encoded = toLittleEndian(P.add(BigInteger.valueOf(excess)));
      assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(encoded));
    }
  }

  @Test
  void decodePublicKey_rejectsYOffTheCurve() {
    // x^2 = (y^2 - 1) / (d y^2 + 1) must be a square mod p for y to be on the curve.
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    int offCurve = 0;
    for (int y = 2; y < 60; y++) {
      BigInteger yy = BigInteger.valueOf(y).pow(2);
      BigInteger u = yy.subtract(BigInteger.ONE);
      BigInteger v = d.multiply(yy).add(BigInteger.ONE).mod(P);
      BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
      boolean square =
          x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
      if (!square) {
        offCurve++;
        byte[] encoded = toLittleEndian(BigInteger.valueOf(y));
        assertThrows(IllegalArgumentException.class, () -> ED25519.decodePublicKey(encoded));
      }
    }
    assertTrue(offCurve > 10, "about half of all y are off the curve");
  }

  @Test
  void decodePrivateKey_rejectsWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> ED25519.decodePrivateKey(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> ED25519.decodePrivateKey(new byte[64]));
  }

  @Test
  void schemeConstants() {
    assertEquals(1, ED25519.id());
    assertEquals("ed25519", ED25519.name());
    assertEquals(32, ED25519.publicKeyLength());
    assertEquals(64, ED25519.maxSignatureLength());
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = bytes.clone();
    for (int i = 0; i < big.length / 2; i++) {
      byte t = big[i];
      big[i] = big[big.length - 1 - i];
      big[big.length - 1 - i] = t;
    }
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] out = new byte[32];
    byte[] big = value.toByteArray();
    for (int i = 0; i < big.length && i < 32; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }
}
