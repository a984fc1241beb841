package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Secp256k1SchemeTest {
  private static final SignatureScheme K1 = SignatureSchemes.SECP256K1;
  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
  private static final BigInteger P =
      new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
  private static final byte[] MESSAGE = "pay 5 to bob".getBytes(StandardCharsets.US_ASCII);

  private final KeyPair pair = K1.generateKeyPair(new SecureRandom(new byte[] {1}));

  @Test
  void signAndVerify_roundTrip() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    assertEquals(64, signature.length);
    assertTrue(K1.verify(pair.publicKey(), MESSAGE, signature));
  }

  @Test
  void sign_isDeterministicPerRfc6979() {
    PrivateKey key = K1.decodePrivateKey(pair.privateKey().toBytes());
    assertArrayEquals(K1.sign(pair.privateKey(), MESSAGE), K1.sign(key, MESSAGE));
    assertFalse(Arrays.equals(K1.sign(key, MESSAGE), K1.sign(key, new byte[] {1})));
  }

  @Test
  void sign_alwaysProducesLowS() {
    for (int i = 0; i < 64; i++) {
      byte[] signature = K1.sign(pair.privateKey(), new byte[] {(byte) i});
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
      assertTrue(s.compareTo(N.shiftRight(1)) <= 0, "message " + i);
    }
  }

  @Test
  void verify_rejectsTheHighSTwinOfAValidSignature() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    byte[] high = signature.clone();
    System.arraycopy(scalar(N.subtract(s)), 0, high, 32, 32);
    assertFalse(K1.verify(pair.publicKey(), MESSAGE, high));
  }

  @Test
  void verify_rejectsWrongKeyAndTamperedMessage() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    KeyPair other = K1.generateKeyPair(new SecureRandom(new byte[] {2}));
    assertFalse(K1.verify(other.publicKey(), MESSAGE, signature));
    byte[] tampered = MESSAGE.clone();
    tampered[0] ^= 1;
    assertFalse(K1.verify(pair.publicKey(), tampered, signature));
  }

  @Test
  void verify_rejectsTheSignatureWithAnyByteFlipped() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    for (int i = 0; i < 64; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= (byte) (1 << (i % 8));
      assertFalse(K1.verify(pair.publicKey(), MESSAGE, tampered), "byte " + i);
    }
  }

  @Test
  void verify_rejectsZeroAndOutOfRangeScalars() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, N, N.add(BigInteger.ONE), P}) {
      assertFalse(K1.verify(pair.publicKey(), MESSAGE, concat(scalar(bad), s)));
      assertFalse(K1.verify(pair.publicKey(), MESSAGE, concat(r, scalar(bad))));
    }
    BigInteger rValue = new BigInteger(1, r);
    if (rValue.add(N).bitLength() <= 256) {
      assertFalse(K1.verify(pair.publicKey(), MESSAGE, concat(scalar(rValue.add(N)), s)));
    }
  }

  @Test
  void verify_rejectsWrongLengths() {
    byte[] signature = K1.sign(pair.privateKey(), MESSAGE);
    assertFalse(K1.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(signature, 63)));
    assertFalse(K1.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(signature, 65)));
    assertFalse(K1.verify(pair.publicKey(), MESSAGE, new byte[0]));
  }

  @Test
  void decodePublicKey_rejectsXNotOnTheCurve() {
    // y^2 = x^3 + 7 has no solution for x = 5 (5^3 + 7 = 132 is a non-residue mod p).
    BigInteger rhs = BigInteger.valueOf(132);
    assertEquals(P.subtract(BigInteger.ONE), rhs.modPow(P.shiftRight(1), P));
    byte[] encoded = new byte[33];
    encoded[0] = 0x02;
    encoded[32] = 5;
    assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(encoded));
  }

  @Test
  void decodePublicKey_rejectsXNotBelowP() {
    byte[] encoded = new byte[33];
    encoded[0] = 0x02;
    System.arraycopy(scalar(P), 0, encoded, 1, 32);
    assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(encoded));
  }

  @Test
  void decodePublicKey_rejectsBadPrefixAndLength() {
    byte[] good = pair.publicKey().toBytes();
    for (int prefix : new int[] {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff}) {
      byte[] bad = good.clone();
      bad[0] = (byte) prefix;
      assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(Arrays.copyOf(good, 32)));
    assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(Arrays.copyOf(good, 65)));
    assertThrows(IllegalArgumentException.class, () -> K1.decodePublicKey(new byte[0]));
  }

  @Test
  void decodePrivateKey_rejectsZeroAndScalarsNotBelowN() {
    assertThrows(IllegalArgumentException.class, () -> K1.decodePrivateKey(new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> K1.decodePrivateKey(scalar(N)));
    assertThrows(IllegalArgumentException.class, () -> K1.decodePrivateKey(new byte[31]));
    PrivateKey max = K1.decodePrivateKey(scalar(N.subtract(BigInteger.ONE)));
    assertTrue(K1.verify(max.publicKey(), MESSAGE, K1.sign(max, MESSAGE)));
  }

  @Test
  void decodePrivateKey_ofOneGivesTheGenerator() {
    PrivateKey one = K1.decodePrivateKey(scalar(BigInteger.ONE));
    assertEquals(
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        one.publicKey().toHex());
  }

  @Test
  void schemeConstants() {
    assertEquals(2, K1.id());
    assertEquals("secp256k1", K1.name());
    assertEquals(33, K1.publicKeyLength());
    assertEquals(64, K1.maxSignatureLength());
  }

  private static byte[] scalar(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
