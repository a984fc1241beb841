package io.elo.crypto;

import static com.google.common.base.Preconditions.checkElementIndex;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashes and inclusion proofs exactly as RFC 6962 §2.1, with one SHA-256 per node.
 *
 * <p>A leaf hashes as {@code SHA-256(0x00 || data)} and an inner node as {@code SHA-256(0x01 ||
 * left || right)}; the domain bytes stop an inner node from passing as a leaf. The tree is built
 * bottom up and an odd last node is promoted unchanged to the next level, never paired with a copy
 * of itself, which gives RFC 6962's MTH and makes the CVE-2012-2459 duplication impossible. The
 * root of the empty list is SHA-256 of the empty string.
 *
 * <p>In Elo the leaves of a block's tree are the wtxids, each hashed as 32 bytes of leaf data.
 */
public final class MerkleTree {
  static final byte LEAF_PREFIX = 0x00;
  static final byte NODE_PREFIX = 0x01;

  private MerkleTree() {}

  /** Returns the root over {@code leaves}, each leaf hashed as its 32 bytes of data. */
  public static Hash root(List<Hash> leaves) {
    MessageDigest digest = Sha256.newDigest();
    byte[][] level = new byte[leaves.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(digest, leaves.get(i));
    }
    return rootOfLevel(digest, level);
  }

  /** Returns the root over arbitrary leaf data (as RFC 6962's own test vectors use). */
  public static Hash rootOfData(List<byte[]> leafData) {
    MessageDigest digest = Sha256.newDigest();
    byte[][] level = new byte[leafData.size()][];
    for (int i = 0; i < level.length; i++) {
      digest.update(LEAF_PREFIX);
      level[i] = digest.digest(leafData.get(i));
    }
    return rootOfLevel(digest, level);
  }

  /**
   * Returns the audit path (RFC 6962 §2.1.1) of the leaf at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an index of {@code leaves}
   */
  public static MerkleProof proof(List<Hash> leaves, int index) {
    checkElementIndex(index, leaves.size());
    MessageDigest digest = Sha256.newDigest();
    byte[][] level = new byte[leaves.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(digest, leaves.get(i));
    }
    List<Hash> path = new ArrayList<>();
    int position = index;
    int size = level.length;
    while (size > 1) {
      int sibling = position ^ 1;
      // A promoted odd node has no sibling at this level and adds nothing to the path.
      if (sibling < size) {
        path.add(Hash.wrap(level[sibling]));
      }
      size = reduce(digest, level, size);
      position >>>= 1;
    }
    return MerkleProof.of(index, leaves.size(), path);
  }

  static byte[] leafHash(MessageDigest digest, Hash leaf) {
    digest.update(LEAF_PREFIX);
    leaf.updateDigest(digest);
    return digest.digest();
  }

  static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  private static Hash rootOfLevel(MessageDigest digest, byte[][] level) {
    if (level.length == 0) {
      return Hash.wrap(digest.digest());
    }
    int size = level.length;
    while (size > 1) {
      size = reduce(digest, level, size);
    }
    return Hash.wrap(level[0]);
  }

  /** Replaces the first {@code size} nodes in place by their parents; returns the new size. */
  private static int reduce(MessageDigest digest, byte[][] level, int size) {
    int parents = 0;
    for (int i = 0; i + 1 < size; i += 2) {
      level[parents++] = nodeHash(digest, level[i], level[i + 1]);
    }
    if ((size & 1) == 1) {
      level[parents++] = level[size - 1];
    }
    return parents;
  }
}
