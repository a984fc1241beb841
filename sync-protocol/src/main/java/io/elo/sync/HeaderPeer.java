package io.elo.sync;

import io.elo.crypto.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Header sync state of one peer, written only by the {@link HeaderSync} (others ask it): the
 * outstanding GetHeaders, the presync in progress, whether the peer's header chain is done, its
 * unconnecting replies, and the headers it sent from the future.
 */
final class HeaderPeer {
  /** Answers to GetHeaders that do not connect, tolerated before the peer is penalised. */
  static final int MAX_UNCONNECTING = 10;
  /** Headers from the future remembered per peer, to fetch again when due; oldest forgotten. */
  static final int MAX_FUTURE = 16;

  /** When the outstanding GetHeaders was sent (millis), or -1. */
  long requestedAt = -1;
  /**
   * A block announced while GetHeaders was outstanding did not connect: the reply may predate it,
   * so ask again once the reply is in (else the announcement could be lost for good, since the
   * peer will not announce that block twice).
   */
  boolean again;
  HeaderPresync presync;
  /** The peer's header chain was found to be light or exhausted: do not ask again unprompted. */
  boolean done;
  int unconnecting;
  /**
   * Headers (or blocks) this peer sent that were refused as too far in the future: hash to the
   * time (millis) our clock lets them in. The peer marked them known and will not send them again,
   * so we ask for its headers once they are due.
   */
  final Map<Hash, Long> future = new LinkedHashMap<>();

  /** Remembers a header refused as from the future, due at {@code dueMillis}; bounded. */
  void noteFuture(Hash hash, long dueMillis) {
    future.remove(hash);
    future.put(hash, dueMillis);
    if (future.size() > MAX_FUTURE) {
      Hash eldest = future.keySet().iterator().next();
      future.remove(eldest);
    }
  }
}
