package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's 32-byte identifier: the SHA-256 of its encoded identity public key.
 *
 * <p>The encoded identity key is the signature scheme's one-byte id followed by the scheme's key
 * encoding ({@link #of(PublicKey)}), so keys of different schemes never share an id. Because the
 * handshake makes every node sign the other side's fresh nonce, a node id cannot be claimed by
 * anyone who does not hold the key. Ids order by unsigned bytes; {@link #distance} is the Kademlia
 * XOR metric.
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of a node id, in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hashCode;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  /** Returns the id of a node whose identity key is {@code key}. */
  public static NodeId of(PublicKey key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(key.scheme().id());
      digest.update(key.toBytes());
      return new NodeId(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Returns the id with the given 32 bytes, copied.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static NodeId fromBytes(byte[] bytes) {
    checkArgument(bytes.length == LENGTH, "a node id is %s bytes, got %s", LENGTH, bytes.length);
    return new NodeId(bytes.clone());
  }

  /**
   * Parses 64 hexadecimal digits.
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
   */
  public static NodeId fromHex(String hex) {
    checkArgument(hex.length() == 2 * LENGTH, "a node id is %s hex digits", 2 * LENGTH);
    try {
      return new NodeId(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex node id: " + hex, e);
    }
  }

  /** Returns the XOR distance between this id and {@code other} (Kademlia's metric). */
  public NodeDistance distance(NodeId other) {
    byte[] xor = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      xor[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return new NodeDistance(xor);
  }

  /** Returns bit {@code index} (0 = most significant bit of the first byte) as 0 or 1. */
  public int bit(int index) {
    checkArgument(index >= 0 && index < 8 * LENGTH, "bit index out of range: %s", index);
    return (bytes[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns the 64 lower-case hexadecimal digits. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  /** Returns the first 8 hexadecimal digits, for logs. */
  public String toShortHex() {
    return toHex().substring(0, 8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(NodeId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
