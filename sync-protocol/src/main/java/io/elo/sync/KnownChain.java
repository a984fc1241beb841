package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.validation.ChainTip;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one peer is known to have of the block tree: the most-work chain of our block index it has
 * (from its status, the headers and blocks it sent), and the block hashes it knows (it sent or
 * announced them, or we did), so a block is never announced or pushed to it twice. The only place
 * this state lives; the parts of the protocol tell it what they learn and ask it.
 */
final class KnownChain {
  /** Most hashes remembered as known to the peer (announcement suppression); oldest evicted. */
  static final int MAX_KNOWN = 2048;

  private final Set<Hash> known = new LinkedHashSet<>();
  private ChainTip tip;

  /** The peer knows {@code hash}. */
  void markKnown(Hash hash) {
    if (known.add(hash) && known.size() > MAX_KNOWN) {
      Hash eldest = known.iterator().next();
      known.remove(eldest);
    }
  }

  boolean knows(Hash hash) {
    return known.contains(hash);
  }

  /** The peer has {@code chain}: raises its known tip if {@code chain} has more work. */
  void noteHas(ChainTip chain) {
    if (tip == null || chain.work().isGreaterThan(tip.work())) {
      tip = chain;
    }
    markKnown(chain.hash());
  }

  /** The most-work chain the peer is known to have, or null. */
  ChainTip tip() {
    return tip;
  }
}
