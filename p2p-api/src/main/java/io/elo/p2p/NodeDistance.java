package io.elo.p2p;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The XOR distance between two {@link NodeId}s, as Kademlia uses it: a 256-bit unsigned number
 * ordered by value.
 *
 * <p>{@link #logDistance} is the bit length of the distance (0 for equal ids, 256 when the first
 * bits differ): Kademlia bucket {@code i} holds the nodes at log distance {@code i}.
 */
public final class NodeDistance implements Comparable<NodeDistance> {
  private final byte[] xor;

  /** Takes ownership of {@code xor}; only {@link NodeId#distance} creates distances. */
  NodeDistance(byte[] xor) {
    this.xor = xor;
  }

  /** Returns the bit length of the distance: 0 if the ids are equal, else 1..256. */
  public int logDistance() {
    for (int i = 0; i < xor.length; i++) {
      if (xor[i] != 0) {
        return (xor.length - i) * 8 - Integer.numberOfLeadingZeros(xor[i] & 0xff) + 24;
      }
    }
    return 0;
  }

  /** Whether the two ids were equal. */
  public boolean isZero() {
    return logDistance() == 0;
  }

  /** Returns a copy of the 32 XOR bytes, most significant first. */
  public byte[] toBytes() {
    return xor.clone();
  }

  @Override
  public int compareTo(NodeDistance other) {
    return Arrays.compareUnsigned(xor, other.xor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeDistance other && Arrays.equals(xor, other.xor);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xor);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(xor);
  }
}
