package io.elo.mempool;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The replacement rules for a transaction that conflicts with pool transactions (full replace by
 * fee, in the spirit of BIP 125): at most {@link MempoolPolicy#maxReplacements()} evicted
 * (descendants included); it spends nothing it evicts; every in-pool parent it has was a parent of
 * a conflict (no new unconfirmed inputs); its fee rate is above each direct conflict's; and its
 * fee is above the evicted fees by at least the incremental relay fee for its own size.
 */
final class Replacement {
  private final MempoolPolicy policy;

  Replacement(MempoolPolicy policy) {
    this.policy = policy;
  }

  /** Returns the rule broken, or null if the replacement is allowed. */
  RejectReason check(
      long fee, int size, List<Entry> parents, List<Entry> conflicts, Set<Entry> evicted) {
    if (evicted.size() > policy.maxReplacements()) {
      return RejectReason.REPLACEMENT_TOO_MANY_EVICTIONS;
    }
    for (Entry parent : parents) {
      if (evicted.contains(parent)) {
        return RejectReason.REPLACEMENT_SPENDS_CONFLICT;
      }
    }
    Set<Entry> conflictParents = new HashSet<>();
    for (Entry conflict : conflicts) {
      conflictParents.addAll(conflict.parents());
    }
    for (Entry parent : parents) {
      if (!conflictParents.contains(parent)) {
        return RejectReason.REPLACEMENT_NEW_UNCONFIRMED_INPUT;
      }
    }
    for (Entry conflict : conflicts) {
      if (Rates.compare(fee, size, conflict.fee, conflict.size) <= 0) {
        return RejectReason.REPLACEMENT_FEE_RATE_TOO_LOW;
      }
    }
    long evictedFees = 0;
    for (Entry gone : evicted) {
      evictedFees += gone.fee;
    }
    long extra = policy.incrementalRelayFeeRate().feeFor(size).atoms();
    if (fee <= evictedFees || fee - evictedFees < extra) {
      return RejectReason.REPLACEMENT_FEE_TOO_LOW;
    }
    return null;
  }
}
