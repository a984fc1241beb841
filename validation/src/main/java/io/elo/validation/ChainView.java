package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the best chain: its tip and the block at every height up to it.
 *
 * <p>Several views may share one array: the writer only ever writes slots above every published
 * view's tip, and copies the array before it lowers the tip, so a published view never changes.
 */
final class ChainView {
  /** Most headers {@link #headersAfter} returns, whatever the caller asks. */
  static final int MAX_HEADERS = 2000;

  private final BlockNode[] chain;
  private final BlockNode tip;

  ChainView(BlockNode[] chain, BlockNode tip) {
    this.chain = chain;
    this.tip = tip;
  }

  BlockNode tip() {
    return tip;
  }

  /** The block at {@code height} on this chain, or null above the tip. */
  BlockNode at(int height) {
    return height >= 0 && height <= tip.height ? chain[height] : null;
  }

  /** Whether {@code node} is on this chain. */
  boolean contains(BlockNode node) {
    return node.height <= tip.height && chain[node.height] == node;
  }

  /** Bitcoin's block locator: ten dense hashes from the tip, then doubling steps, genesis last. */
  List<Hash> locator() {
    List<Hash> hashes = new ArrayList<>(32);
    int step = 1;
    for (int height = tip.height; height > 0; height -= step) {
      hashes.add(chain[height].hash);
      if (hashes.size() >= 10) {
        step *= 2;
      }
    }
    hashes.add(chain[0].hash);
    return hashes;
  }

  /**
   * The headers after the first locator hash found on this chain (after genesis when none is), at
   * most {@code max} (capped at {@link #MAX_HEADERS}).
   */
  List<BlockHeader> headersAfter(List<Hash> locator, Map<Hash, BlockNode> index, int max) {
    int start = 0;
    for (Hash hash : locator) {
      BlockNode node = index.get(hash);
      if (node != null && contains(node)) {
        start = node.height;
        break;
      }
    }
    int count = Math.min(Math.min(max, MAX_HEADERS), tip.height - start);
    List<BlockHeader> headers = new ArrayList<>(Math.max(count, 0));
    for (int i = 1; i <= count; i++) {
      headers.add(chain[start + i].header);
    }
    return headers;
  }

  /** Returns the view with {@code newTip} as the tip, reusing this array when that is safe. */
  ChainView withTip(BlockNode newTip) {
    BlockNode[] array = chain;
    if (newTip.parent == tip && newTip.height < array.length) {
      // Extending: slot newTip.height is above every view sharing this array.
      array[newTip.height] = newTip;
      return new ChainView(array, newTip);
    }
    array = new BlockNode[Math.max(16, newTip.height * 2 + 1)];
    for (BlockNode walk = newTip; walk != null; walk = walk.parent) {
      if (walk.height <= tip.height && chain[walk.height] == walk) {
        System.arraycopy(chain, 0, array, 0, walk.height + 1);
        break;
      }
      array[walk.height] = walk;
    }
    return new ChainView(array, newTip);
  }

  /** The view of a chain holding only {@code genesis}. */
  static ChainView ofGenesis(BlockNode genesis) {
    BlockNode[] array = new BlockNode[16];
    array[0] = genesis;
    return new ChainView(array, genesis);
  }
}
