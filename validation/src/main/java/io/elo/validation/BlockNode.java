package io.elo.validation;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of the in-memory block index: a header, its place in the block tree and the cumulative
 * work of its chain.
 *
 * <p>The identity fields are immutable, so readers may walk parent links without a lock. The status
 * is volatile (readers see the latest); {@code hasData}, {@code chainHasData} and {@code children}
 * belong to the writer.
 */
final class BlockNode {
  final Hash hash;
  final BlockHeader header;
  final BlockNode parent;
  final int height;
  final ChainWork work;
  final long sequence;
  final long medianTimePast;
  private final BlockNode skip;

  volatile BlockStatus status;
  boolean hasData;
  boolean chainHasData;
  final List<BlockNode> children = new ArrayList<>(1);

  BlockNode(BlockHeader header, BlockNode parent, ChainWork weight, long sequence, int mtpWindow) {
    this.hash = header.hash();
    this.header = header;
    this.parent = parent;
    this.height = parent == null ? 0 : parent.height + 1;
    this.work = parent == null ? weight : parent.work.add(weight);
    this.sequence = sequence;
    this.skip = parent == null ? null : parent.ancestor(skipHeight(height));
    this.medianTimePast = computeMedianTimePast(mtpWindow);
    this.status = BlockStatus.HEADER_VALID;
  }

  /** Returns the ancestor at {@code target} (this node at its own height), or null above it. */
  BlockNode ancestor(int target) {
    if (target > height || target < 0) {
      return null;
    }
    // Bitcoin Core's skip list: O(log n) jumps instead of walking every parent.
    BlockNode walk = this;
    int walkHeight = height;
    while (walkHeight > target) {
      int skipHeight = skipHeight(walkHeight);
      int skipHeightPrev = skipHeight(walkHeight - 1);
      if (walk.skip != null
          && (skipHeight == target
              || (skipHeight > target
                  && !(skipHeightPrev < skipHeight - 2 && skipHeightPrev >= target)))) {
        walk = walk.skip;
        walkHeight = skipHeight;
      } else {
        walk = walk.parent;
        walkHeight--;
      }
    }
    return walk;
  }

  /** Whether this node descends from {@code other} (or is it). */
  boolean descendsFrom(BlockNode other) {
    return ancestor(other.height) == other;
  }

  /** Returns the last common ancestor of {@code a} and {@code b}. */
  static BlockNode fork(BlockNode a, BlockNode b) {
    if (a.height > b.height) {
      a = a.ancestor(b.height);
    } else if (b.height > a.height) {
      b = b.ancestor(a.height);
    }
    while (a != b) {
      a = a.parent;
      b = b.parent;
    }
    return a;
  }

  private long computeMedianTimePast(int window) {
    long[] times = new long[window];
    int n = 0;
    for (BlockNode walk = this; walk != null && n < window; walk = walk.parent) {
      times[n++] = walk.header.timestamp();
    }
    long[] used = Arrays.copyOf(times, n);
    Arrays.sort(used);
    return used[n / 2];
  }

  private static int invertLowestOne(int n) {
    return n & (n - 1);
  }

  private static int skipHeight(int height) {
    if (height < 2) {
      return 0;
    }
    return (height & 1) != 0
        ? invertLowestOne(invertLowestOne(height - 1)) + 1
        : invertLowestOne(height);
  }

  @Override
  public String toString() {
    return "BlockNode{" + height + " " + hash + " " + status + "}";
  }
}
