package io.elo.validation;

import io.elo.crypto.PublicKey;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureCache;
import io.elo.crypto.SignatureScheme;

/**
 * The signature check of one transaction input, with its key decoded when an earlier stage of the
 * same validation already decoded it ({@code key} non-null), else still encoded.
 *
 * <p>Arrays are shared, not copied: instances live only inside one validation on the writer and the
 * executor, and nothing writes the arrays.
 *
 * @param scheme the input's (allowed) signature scheme
 * @param encodedKey the input's encoded public key
 * @param key the decoded key, or {@code null} when not decoded yet
 * @param message the input's signing message
 * @param signature the input's signature
 */
record InputCheck(
    SignatureScheme scheme, byte[] encodedKey, PublicKey key, byte[] message, byte[] signature) {

  /** This check with {@code decoded} as its key, decoded from {@link #encodedKey}. */
  InputCheck withKey(PublicKey decoded) {
    return new InputCheck(scheme, encodedKey, decoded, message, signature);
  }

  /** What checking one input found. */
  enum Outcome {
    VALID,
    BAD_PUBLIC_KEY,
    BAD_SIGNATURE
  }

  /**
   * Checks the signature through {@code cache}. A signature already in the cache costs a lookup: no
   * key decode, no verification. Otherwise the key is decoded unless already decoded, then the
   * signature verified (and cached if valid). Runs on any thread.
   */
  Outcome run(SignatureCache cache, PublicKeyCache keys) {
    PublicKey decoded = key;
    if (decoded == null) {
      if (cache.contains(scheme, encodedKey, message, signature)) {
        return Outcome.VALID;
      }
      try {
        decoded = keys.decode(scheme, encodedKey);
      } catch (IllegalArgumentException e) {
        return Outcome.BAD_PUBLIC_KEY;
      }
    }
    return cache.verify(decoded, message, signature) ? Outcome.VALID : Outcome.BAD_SIGNATURE;
  }
}
