package io.elo.p2p;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the next outbound address from the {@link AddressBook}, like Bitcoin Core's
 * ThreadOpenConnections: at most {@link #MAX_TRIES} picks; skips addresses connected or being
 * dialled, excluded ones (own, banned), addresses in a net group that already has an outbound peer
 * (one outbound peer per group, unless exempt) and, during the first {@link #RECENT_TRY_TRIES}
 * picks, addresses tried in the last {@link AddressBook#RECENT_TRY}.
 *
 * <p>Against eclipse attacks: once the tried table holds at least {@link #MIN_TRIED_FOR_QUOTA}
 * addresses, at most {@link #MAX_NEW_OUTBOUND} outbound peers may come from the new table
 * (addresses never connected to), since anyone can fill the new table.
 */
final class OutboundSelector {
  static final int MAX_TRIES = 100;
  static final int RECENT_TRY_TRIES = 30;
  static final int MAX_NEW_OUTBOUND = 2;
  static final int MIN_TRIED_FOR_QUOTA = 16;

  private final NetGroups netGroups;

  OutboundSelector(NetGroups netGroups) {
    this.netGroups = netGroups;
  }

  /**
   * Returns an address to dial, or empty.
   *
   * @param outboundGroups the net groups of current outbound peers and dials
   * @param busy addresses connected or being dialled
   * @param outboundFromNew outbound peers (and dials) that came from the new table
   * @param excluded addresses never to dial
   */
  Optional<KnownAddress> select(
      AddressBook book,
      Set<NetGroup> outboundGroups,
      Set<PeerAddress> busy,
      int outboundFromNew,
      Predicate<PeerAddress> excluded,
      Instant now) {
    boolean newAllowed =
        book.triedCount() < MIN_TRIED_FOR_QUOTA || outboundFromNew < MAX_NEW_OUTBOUND;
    for (int tries = 0; tries < MAX_TRIES; tries++) {
      Optional<KnownAddress> picked =
          newAllowed ? book.select(false, now) : book.selectFrom(true, now);
      if (picked.isEmpty()) {
        return Optional.empty();
      }
      KnownAddress address = picked.get();
      PeerAddress peer = address.address();
      if (busy.contains(peer) || excluded.test(peer)) {
        continue;
      }
      if (!netGroups.isExempt(peer.ip())
          && outboundGroups.contains(netGroups.netGroup(peer.ip()))) {
        continue;
      }
      if (tries < RECENT_TRY_TRIES
          && address.lastTry() != 0
          && now.toEpochMilli() - address.lastTry() < AddressBook.RECENT_TRY.toMillis()) {
        continue;
      }
      return picked;
    }
    return Optional.empty();
  }
}
