/**
 * Cryptographic building blocks of Elo: {@link io.elo.crypto.Hash} and double SHA-256, midstate
 * header hashing ({@link io.elo.crypto.HeaderHasher}), RFC 6962 Merkle trees and inclusion proofs
 * ({@link io.elo.crypto.MerkleTree}, {@link io.elo.crypto.MerkleProof}), the {@link
 * io.elo.crypto.SignatureScheme} abstraction with Ed25519 and secp256k1 ({@link
 * io.elo.crypto.SignatureSchemes}), keys and key files, and fast signature checking ({@link
 * io.elo.crypto.SignatureCache}, {@link io.elo.crypto.BatchVerifier}, and {@link
 * io.elo.crypto.PublicKeyCache}, a node's cache of decoded keys).
 *
 * <p>Caller mistakes raise {@link java.lang.IllegalArgumentException} or {@link
 * java.lang.IllegalStateException}; signature verification never throws for malformed signatures,
 * it answers {@code false}. No Bouncy Castle or Guava type appears in this package's public
 * signatures.
 */
package io.elo.crypto;
