package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

import io.elo.crypto.KeyPair;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureSchemes;
import java.security.SecureRandom;

/**
 * A node's identity: its key pair (Ed25519 by default) and the {@link NodeId} derived from the
 * public key. The key signs the handshake; the id names the node in peer lists, bans and
 * discovery. Equal when the key pairs are equal.
 */
public final class NodeIdentity {
  private final KeyPair keyPair;
  private final NodeId nodeId;

  private NodeIdentity(KeyPair keyPair) {
    this.keyPair = checkNotNull(keyPair);
    this.nodeId = NodeId.of(keyPair.publicKey());
  }

  /** Returns the identity of {@code keyPair}, of any signature scheme. */
  public static NodeIdentity of(KeyPair keyPair) {
    return new NodeIdentity(keyPair);
  }

  /** Generates a fresh Ed25519 identity from {@code random}. */
  public static NodeIdentity generate(SecureRandom random) {
    return new NodeIdentity(SignatureSchemes.ED25519.generateKeyPair(random));
  }

  /** The key pair. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return keyPair.publicKey();
  }

  /** The node id: SHA-256 of the encoded public key (see {@link NodeId#of}). */
  public NodeId nodeId() {
    return nodeId;
  }

  /** Signs {@code message} with the node key. */
  public byte[] sign(byte[] message) {
    return keyPair.publicKey().scheme().sign(keyPair.privateKey(), message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeIdentity other && keyPair.equals(other.keyPair);
  }

  @Override
  public int hashCode() {
    return keyPair.hashCode();
  }

  @Override
  public String toString() {
    return "NodeIdentity{" + nodeId.toShortHex() + "}";
  }
}
