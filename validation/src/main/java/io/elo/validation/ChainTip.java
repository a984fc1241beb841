package io.elo.validation;

import io.elo.consensus.ChainWork;
import io.elo.consensus.HeaderChain;
import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.util.Optional;

/**
 * An immutable view of the chain ending at one known block: its hash, height, header, cumulative
 * work and ancestors. The chain state hands these out for its tip ({@link ChainState#tip()}) and
 * for any known block; the consensus rules and block producers read them as a {@link HeaderChain}.
 * A view stays valid and unchanged whatever the chain state does later.
 */
public final class ChainTip implements HeaderChain {
  private final BlockNode node;

  ChainTip(BlockNode node) {
    this.node = node;
  }

  BlockNode node() {
    return node;
  }

  @Override
  public Hash hash() {
    return node.hash;
  }

  @Override
  public Height height() {
    return Height.of(node.height);
  }

  @Override
  public BlockHeader header() {
    return node.header;
  }

  /** The cumulative work (or proof-of-authority weight) of the chain ending here. */
  public ChainWork work() {
    return node.work;
  }

  @Override
  public Optional<BlockHeader> ancestor(Height height) {
    BlockNode ancestor = node.ancestor(height.value());
    return ancestor == null ? Optional.empty() : Optional.of(ancestor.header);
  }

  /** Returns the hash of this chain's block at {@code height}, or empty above the tip. */
  public Optional<Hash> ancestorHash(Height height) {
    BlockNode ancestor = node.ancestor(height.value());
    return ancestor == null ? Optional.empty() : Optional.of(ancestor.hash);
  }

  @Override
  public long medianTimePast() {
    return node.medianTimePast;
  }

  /** Equal when both end at the same block. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ChainTip other && node.hash.equals(other.node.hash);
  }

  @Override
  public int hashCode() {
    return node.hash.hashCode();
  }

  @Override
  public String toString() {
    return "ChainTip{height=" + node.height + ", hash=" + node.hash + ", work=" + node.work + "}";
  }
}
