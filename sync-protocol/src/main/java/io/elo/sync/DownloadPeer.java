package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.validation.ChainTip;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Block download state of one peer, owned by the {@link BlockDownload} (the only writer; others
 * ask it): its requests in flight, the blocks it said it does not have, its unrequested-block
 * allowance, and the height its chain shares with the best header chain (cached: recomputing it
 * per peer on every arriving block walked the block tree and dominated the download's CPU).
 */
final class DownloadPeer {
  /** Most hashes the peer said it does not have, remembered so they are asked elsewhere. */
  static final int MAX_NOT_FOUND = 1024;

  /** Requested blocks: hash to the time (millis) the request was sent. */
  final Map<Hash, Long> requested = new LinkedHashMap<>();
  private final Set<Hash> notFound = new LinkedHashSet<>();
  private double unrequestedTokens;
  private long tokensAt;
  private ChainTip forkOf;
  private ChainTip forkBest;
  private int forkHeight;

  DownloadPeer(int unrequestedBurst, long now) {
    this.unrequestedTokens = unrequestedBurst;
    this.tokensAt = now;
  }

  void markNotFound(Hash hash) {
    if (notFound.add(hash) && notFound.size() > MAX_NOT_FOUND) {
      notFound.remove(notFound.iterator().next());
    }
  }

  boolean lacks(Hash hash) {
    return notFound.contains(hash);
  }

  /** The height {@code known} shares with {@code best}; recomputed only when either changed. */
  int forkHeight(ChainTip known, ChainTip best) {
    if (known != forkOf || best != forkBest) {
      forkHeight = SyncContext.forkHeight(known, best);
      forkOf = known;
      forkBest = best;
    }
    return forkHeight;
  }

  /** Takes one unrequested-block token (token bucket); false when the peer floods. */
  boolean takeUnrequestedToken(long now, int burst, long refillMillis) {
    unrequestedTokens = Math.min(burst, unrequestedTokens + (now - tokensAt) / (double) refillMillis);
    tokensAt = now;
    if (unrequestedTokens < 1) {
      return false;
    }
    unrequestedTokens -= 1;
    return true;
  }
}
