package io.elo.crypto;

import java.security.SecureRandom;

/**
 * A digital signature scheme: key generation, key decoding, signing and verification.
 *
 * <p>Each scheme has a one-byte {@link #id()} that transactions carry next to a public key and a
 * signature, so the id is part of consensus and never changes: Ed25519 is 1, secp256k1 is 2. The
 * built-in schemes are reachable from {@link SignatureSchemes}; their implementations are
 * thread-safe and stateless: {@link #decodePublicKey} validates the key fully on every call. Full
 * key validation costs about one verification, so a node keeps its own bounded {@link
 * PublicKeyCache} of decoded keys; a scheme never caches for the whole JVM.
 *
 * <p>Keys carry their scheme: {@link #sign} rejects a private key of another scheme and {@link
 * #verify} answers {@code false} for a public key of another scheme.
 */
public interface SignatureScheme {
  /** The one-byte scheme id used in encodings: Ed25519 = 1, secp256k1 = 2. */
  byte id();

  /**
   * The lower-case scheme name used in key files and logs: {@code "ed25519"}, {@code "secp256k1"}.
   */
  String name();

  /** Length of an encoded public key, in bytes (32 for Ed25519, 33 for compressed secp256k1). */
  int publicKeyLength();

  /** Maximum length of an encoded signature, in bytes (64 for both built-in schemes). */
  int maxSignatureLength();

  /** Generates a fresh key pair from {@code random}. */
  KeyPair generateKeyPair(SecureRandom random);

  /**
   * Decodes and fully validates an encoded public key: a pure function of the bytes, computed on
   * every call ({@link PublicKeyCache} remembers the results for one node).
   *
   * @throws IllegalArgumentException if the encoding has the wrong length, is not canonical or is
   *     not a valid point of the scheme's group
   */
  PublicKey decodePublicKey(byte[] encoded);

  /**
   * Decodes an encoded private key and derives its public key.
   *
   * @throws IllegalArgumentException if the encoding is not a valid private key of this scheme
   */
  PrivateKey decodePrivateKey(byte[] encoded);

  /**
   * Signs {@code message} (the whole message; any hashing is internal to the scheme).
   *
   * @throws IllegalArgumentException if {@code key} belongs to another scheme
   * @throws IllegalStateException if {@code key} has been destroyed
   */
  byte[] sign(PrivateKey key, byte[] message);

  /**
   * Verifies {@code signature} over {@code message} under {@code key}.
   *
   * <p>Never throws for a malformed signature of any length or content, nor for a key of another
   * scheme: such inputs are simply not valid and give {@code false}.
   */
  boolean verify(PublicKey key, byte[] message, byte[] signature);
}
