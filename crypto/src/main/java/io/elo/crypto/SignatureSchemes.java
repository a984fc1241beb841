package io.elo.crypto;

import java.util.List;
import java.util.Optional;

/** The built-in signature schemes, and lookup by their one-byte id. */
public final class SignatureSchemes {
  /** Ed25519 as specified in RFC 8032 (pure, no prehash, no context), id 1. The default. */
  public static final SignatureScheme ED25519 = Ed25519Scheme.INSTANCE;

  /**
   * ECDSA over secp256k1 with SHA-256 and RFC 6979 nonces, fixed 64-byte low-S signatures and
   * 33-byte compressed public keys, id 2.
   */
  public static final SignatureScheme SECP256K1 = Secp256k1Scheme.INSTANCE;

  private static final List<SignatureScheme> ALL = List.of(ED25519, SECP256K1);

  private SignatureSchemes() {}

  /** Returns the built-in scheme with the given id, or empty if there is none. */
  public static Optional<SignatureScheme> byId(byte id) {
    for (SignatureScheme scheme : ALL) {
      if (scheme.id() == id) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }

  /** Returns the built-in schemes, ordered by id. */
  public static List<SignatureScheme> all() {
    return ALL;
  }
}
