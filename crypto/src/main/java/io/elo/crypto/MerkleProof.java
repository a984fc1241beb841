package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;

import java.security.MessageDigest;
import java.util.List;

/**
 * An RFC 6962 inclusion proof: a leaf's index, the tree size and the audit path from the leaf's
 * sibling up to the root's child.
 *
 * <p>{@link #verify} follows RFC 9162 §2.1.3.2: it recomputes the root from index, size and path
 * and also requires the path to have exactly the length that (index, size) implies, so a proof
 * cannot present an inner node as a leaf.
 */
public final class MerkleProof {
  private final int leafIndex;
  private final int treeSize;
  private final List<Hash> path;

  private MerkleProof(int leafIndex, int treeSize, List<Hash> path) {
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = path;
  }

  /**
   * Returns a proof with the given parts; the path is copied.
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize}
   * @throws NullPointerException if the path or one of its hashes is null
   */
  public static MerkleProof of(int leafIndex, int treeSize, List<Hash> path) {
    checkArgument(
        leafIndex >= 0 && leafIndex < treeSize,
        "leaf index %s outside a tree of size %s",
        leafIndex,
        treeSize);
    return new MerkleProof(leafIndex, treeSize, List.copyOf(path));
  }

  /** The index of the proven leaf. */
  public int leafIndex() {
    return leafIndex;
  }

  /** The number of leaves in the tree. */
  public int treeSize() {
    return treeSize;
  }

  /** The audit path, bottom up (immutable). */
  public List<Hash> path() {
    return path;
  }

  /**
   * Whether this proof shows that {@code leaf} (the leaf data as given to {@link MerkleTree#root})
   * is at {@link #leafIndex()} of a tree of {@link #treeSize()} leaves with the given root. Never
   * throws for a wrong proof; answers {@code false}.
   */
  public boolean verify(Hash leaf, Hash root) {
    MessageDigest digest = Sha256.newDigest();
    byte[] node = MerkleTree.leafHash(digest, leaf);
    long index = leafIndex;
    long last = treeSize - 1L;
    for (Hash sibling : path) {
      if (last == 0) {
        return false; // path longer than the tree is tall
      }
      byte[] siblingBytes = sibling.toBytes();
      if ((index & 1) == 1 || index == last) {
        node = MerkleTree.nodeHash(digest, siblingBytes, node);
        // Skip the levels where this node was promoted without a sibling.
        while ((index & 1) == 0 && index != 0) {
          index >>>= 1;
          last >>>= 1;
        }
      } else {
        node = MerkleTree.nodeHash(digest, node, siblingBytes);
      }
      index >>>= 1;
      last >>>= 1;
    }
    return last == 0 && root.equals(Hash.wrap(node));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MerkleProof other
        && leafIndex == other.leafIndex
        && treeSize == other.treeSize
        && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return (31 * leafIndex + treeSize) * 31 + path.hashCode();
  }

  @Override
  public String toString() {
    return "MerkleProof{index=" + leafIndex + ", size=" + treeSize + ", path=" + path + "}";
  }
}
