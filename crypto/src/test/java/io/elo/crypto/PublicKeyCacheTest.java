package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PublicKeyCacheTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final SignatureScheme ED25519 = SignatureSchemes.ED25519;

  /** y = 1: the identity point, a canonical encoding of a small-order point. */
  private static byte[] identityPoint() {
    byte[] encoded = new byte[32];
    encoded[0] = 1;
    return encoded;
  }

  /** y >= p: not a canonical encoding. */
  private static byte[] nonCanonical() {
    byte[] encoded = new byte[32];
    Arrays.fill(encoded, (byte) 0xff);
    encoded[31] = 0x7f;
    return encoded;
  }

  private static List<byte[]> freshKeys(SignatureScheme scheme, int count) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(scheme.generateKeyPair(RANDOM).publicKey().toBytes());
    }
    return keys;
  }

  @Test
  void decode_answersARepeatedKeyFromTheCache() {
    PublicKeyCache cache = new PublicKeyCache(10);
    byte[] encoded = freshKeys(ED25519, 1).get(0);
    PublicKey first = cache.decode(ED25519, encoded);
    PublicKey second = cache.decode(ED25519, encoded.clone());
    assertSame(first, second);
    assertEquals(1, cache.decodeCount());
    assertEquals(1, cache.size());
    assertArrayEquals(encoded, second.toBytes());
  }

  @Test
  void decode_rejectsAnInvalidKeyAfreshEveryTime() {
    PublicKeyCache cache = new PublicKeyCache(10);
    for (byte[] valid : freshKeys(ED25519, 3)) {
      cache.decode(ED25519, valid);
    }
    for (int round = 1; round <= 3; round++) {
      assertThrows(IllegalArgumentException.class, () -> cache.decode(ED25519, identityPoint()));
      assertThrows(IllegalArgumentException.class, () -> cache.decode(ED25519, nonCanonical()));
      assertEquals(3 + 2 * round, cache.decodeCount());
    }
    assertEquals(3, cache.size());
  }

  @Test
  void decode_answersOnlyForExactlyTheCachedBytes() {
    PublicKeyCache cache = new PublicKeyCache(10);
    byte[] encoded = freshKeys(ED25519, 1).get(0);
    PublicKey cached = cache.decode(ED25519, encoded);
    // The sign bit of x: the negated point, also valid, but another key.
    byte[] negated = encoded.clone();
    negated[31] ^= (byte) 0x80;
    PublicKey other = cache.decode(ED25519, negated);
    assertNotEquals(cached, other);
    assertArrayEquals(negated, other.toBytes());
    assertEquals(2, cache.decodeCount());
  }

  @Test
  void decode_doesNotCacheAKeyWhoseBytesDifferFromTheEntry() {
    PublicKeyCache cache = new PublicKeyCache(10);
    List<byte[]> keys = freshKeys(ED25519, 2);
    PublicKey unrelated = SignatureSchemes.ED25519.decodePublicKey(keys.get(1));
    // A decoder breaking its contract (as a hash collision would look) must not poison the cache.
    Function<byte[], PublicKey> lying = bytes -> unrelated;
    cache.decode(ED25519, keys.get(0), lying);
    assertEquals(0, cache.size());
    assertArrayEquals(keys.get(0), cache.decode(ED25519, keys.get(0)).toBytes());
  }

  @Test
  void size_staysWithinTheBound() {
    PublicKeyCache cache = new PublicKeyCache(8);
    for (byte[] encoded : freshKeys(ED25519, 40)) {
      cache.decode(ED25519, encoded);
      assertTrue(cache.size() <= 8, cache.toString());
    }
    assertEquals(8, cache.maxEntries());
    assertEquals(40, cache.decodeCount());
  }

  @Test
  void constructor_rejectsNegativeBound() {
    assertThrows(IllegalArgumentException.class, () -> new PublicKeyCache(-1));
  }

  @Test
  void zeroBound_decodesEveryTimeAndStillRejectsInvalidKeys() {
    PublicKeyCache none = new PublicKeyCache(0);
    byte[] encoded = freshKeys(ED25519, 1).get(0);
    assertEquals(none.decode(ED25519, encoded), none.decode(ED25519, encoded));
    assertThrows(IllegalArgumentException.class, () -> none.decode(ED25519, identityPoint()));
    assertEquals(3, none.decodeCount());
    assertEquals(0, none.size());
  }

  @Test
  void decode_keepsSchemesApart() {
    PublicKeyCache cache = new PublicKeyCache(10);
    byte[] ed = freshKeys(ED25519, 1).get(0);
    byte[] k1 = freshKeys(SignatureSchemes.SECP256K1, 1).get(0);
    assertSame(ED25519, cache.decode(ED25519, ed).scheme());
    assertSame(SignatureSchemes.SECP256K1, cache.decode(SignatureSchemes.SECP256K1, k1).scheme());
    // The Ed25519 encoding is not a secp256k1 key, cached or not.
    assertThrows(
        IllegalArgumentException.class, () -> cache.decode(SignatureSchemes.SECP256K1, ed));
    assertEquals(2, cache.size());
  }

  @Test
  void decode_isSafeFromSeveralThreadsAtTheBound() throws Exception {
    PublicKeyCache cache = new PublicKeyCache(16);
    List<byte[]> keys = freshKeys(ED25519, 24);
    keys.addAll(freshKeys(SignatureSchemes.SECP256K1, 24));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int offset = thread;
        results.add(
            pool.submit(
                () -> {
                  boolean ok = true;
                  for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < keys.size(); i++) {
                      byte[] encoded = keys.get((i + offset * 7) % keys.size());
                      SignatureScheme scheme =
                          encoded.length == 32
                              ? SignatureSchemes.ED25519
                              : SignatureSchemes.SECP256K1;
                      PublicKey key = cache.decode(scheme, encoded);
                      ok &= Arrays.equals(encoded, key.toBytes()) && key.scheme() == scheme;
                      ok &= throwsIllegalArgument(() -> cache.decode(ED25519, identityPoint()));
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(cache.size() <= 16, cache.toString());
  }

  @Test
  void twoCaches_shareNoDecodedKey() {
    PublicKeyCache first = new PublicKeyCache(10);
    PublicKeyCache second = new PublicKeyCache(10);
    for (SignatureScheme scheme : SignatureSchemes.all()) {
      byte[] encoded = freshKeys(scheme, 1).get(0);
      PublicKey one = first.decode(scheme, encoded);
      assertSame(one, first.decode(scheme, encoded));
      long before = second.decodeCount();
      PublicKey other = second.decode(scheme, encoded);
      assertEquals(before + 1, second.decodeCount(), scheme.name());
      assertEquals(one, other);
      assertNotSame(one, other);
    }
  }

  @Test
  void builtInSchemes_decodeFullyOnEveryCallAndNeverAcceptAnInvalidKey() {
    for (SignatureScheme scheme : SignatureSchemes.all()) {
      byte[] encoded = freshKeys(scheme, 1).get(0);
      // No JVM-wide cache: each call builds its own key.
      assertNotSame(scheme.decodePublicKey(encoded), scheme.decodePublicKey(encoded));
      byte[] invalid = scheme == ED25519 ? identityPoint() : notOnSecp256k1();
      assertThrows(IllegalArgumentException.class, () -> scheme.decodePublicKey(invalid));
      assertThrows(IllegalArgumentException.class, () -> scheme.decodePublicKey(invalid));
    }
  }

  /** x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square modulo p). */
  private static byte[] notOnSecp256k1() {
    byte[] encoded = new byte[33];
    encoded[0] = 0x02;
    encoded[32] = 5;
    return encoded;
  }

  private static boolean throwsIllegalArgument(Runnable action) {
    try {
      action.run();
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
