package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SignatureCacheTest {
  private static final KeyPair PAIR = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom());

  private static byte[] sign(byte[] message) {
    return SignatureSchemes.ED25519.sign(PAIR.privateKey(), message);
  }

  @Test
  void verify_cachesAValidSignature() {
    SignatureCache cache = new SignatureCache(10);
    byte[] message = {1};
    byte[] signature = sign(message);
    assertFalse(cache.contains(PAIR.publicKey(), message, signature));
    assertTrue(cache.verify(PAIR.publicKey(), message, signature));
    assertTrue(cache.contains(PAIR.publicKey(), message, signature));
    assertEquals(1, cache.size());
    assertTrue(cache.verify(PAIR.publicKey(), message, signature));
    assertEquals(1, cache.size());
  }

  @Test
  void verify_doesNotCacheAnInvalidSignature() {
    SignatureCache cache = new SignatureCache(10);
    byte[] signature = sign(new byte[] {1});
    assertFalse(cache.verify(PAIR.publicKey(), new byte[] {2}, signature));
    assertFalse(cache.contains(PAIR.publicKey(), new byte[] {2}, signature));
    assertEquals(0, cache.size());
  }

  @Test
  void contains_distinguishesEveryPartOfTheTriple() {
    SignatureCache cache = new SignatureCache(10);
    byte[] message = {1, 2};
    byte[] signature = sign(message);
    cache.verify(PAIR.publicKey(), message, signature);
    KeyPair other = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom());
    assertFalse(cache.contains(other.publicKey(), message, signature));
    assertFalse(cache.contains(PAIR.publicKey(), new byte[] {1}, signature));
    byte[] tampered = signature.clone();
    tampered[0] ^= 1;
    assertFalse(cache.contains(PAIR.publicKey(), message, tampered));
  }

  @Test
  void containsEncoded_answersWithoutAKeyAndOnlyForTheExactEntry() {
    SignatureCache cache = new SignatureCache(10);
    byte[] message = {4, 5};
    byte[] signature = sign(message);
    byte[] encodedKey = PAIR.publicKey().toBytes();
    SignatureScheme ed = SignatureSchemes.ED25519;
    assertFalse(cache.contains(ed, encodedKey, message, signature));
    assertTrue(cache.verify(PAIR.publicKey(), message, signature));
    assertTrue(cache.contains(ed, encodedKey, message, signature));
    assertFalse(cache.contains(SignatureSchemes.SECP256K1, encodedKey, message, signature));
    byte[] otherKey = encodedKey.clone();
    otherKey[31] ^= (byte) 0x80;
    assertFalse(cache.contains(ed, otherKey, message, signature));
    assertFalse(cache.contains(ed, encodedKey, new byte[] {4}, signature));
    assertFalse(cache.contains(ed, new byte[3], message, new byte[0]));
  }

  @Test
  void containsEncoded_neverHoldsAnInvalidKeysEntry() {
    SignatureCache cache = new SignatureCache(10);
    byte[] message = {6};
    byte[] signature = sign(message);
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThrows(
        IllegalArgumentException.class, () -> SignatureSchemes.ED25519.decodePublicKey(identity));
    assertFalse(cache.contains(SignatureSchemes.ED25519, identity, message, signature));
    assertEquals(0, cache.size());
  }

  @Test
  void size_staysWithinTheBound() {
    SignatureCache cache = new SignatureCache(5);
    for (int i = 0; i < 30; i++) {
      byte[] message = {(byte) i};
      assertTrue(cache.verify(PAIR.publicKey(), message, sign(message)));
      assertTrue(cache.size() <= 5);
    }
    assertEquals(5, cache.maxEntries());
  }

  @Test
  void constructor_rejectsNonPositiveBound() {
    assertThrows(IllegalArgumentException.class, () -> new SignatureCache(0));
    assertThrows(IllegalArgumentException.class, () -> new SignatureCache(-1));
  }

  @Test
  void verify_isSafeFromSeveralThreads() throws Exception {
    SignatureCache cache = new SignatureCache(1000);
    List<byte[]> messages = new ArrayList<>();
    List<byte[]> signatures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] message = {(byte) i, 9};
      messages.add(message);
      signatures.add(sign(message));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        results.add(
            pool.submit(
                () -> {
                  boolean ok = true;
                  for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < messages.size(); i++) {
                      boolean valid = (i % 4) != 0;
                      byte[] signature = signatures.get(i).clone();
                      if (!valid) {
                        signature[5] ^= 1;
                      }
                      ok &= cache.verify(PAIR.publicKey(), messages.get(i), signature) == valid;
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
    assertEquals(30, cache.size());
  }
}
