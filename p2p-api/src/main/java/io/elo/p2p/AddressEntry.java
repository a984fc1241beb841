package io.elo.p2p;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One address of the {@link AddressBook} and its history (Bitcoin Core's {@code AddrInfo}). Times
 * are epoch milliseconds; 0 means never. Mutable; guarded by the address book.
 */
final class AddressEntry {
  final PeerAddress address;
  final InetAddress source;
  final NetGroup sourceGroup;
  Optional<NodeId> nodeId;
  long timestamp;
  long lastTry;
  long lastCountAttempt;
  long lastSuccess;
  int attempts;
  boolean tried;

  /** How many new buckets hold this entry (0 if tried). */
  int refCount;

  /** The new buckets holding this entry, one per reference. */
  final List<Integer> newBuckets = new ArrayList<>(2);

  /** Position in the address book's list of all entries (for random sampling). */
  int randomIndex = -1;
  /** Position in {@link AddressTables#tried} while in the tried table, else -1. */
  int triedIndex = -1;

  /** Position in its source group's list of new entries, or -1. */
  int sourceIndex = -1;

  AddressEntry(PeerAddress address, Optional<NodeId> nodeId, InetAddress source, NetGroup group) {
    this.address = address;
    this.nodeId = nodeId;
    this.source = source;
    this.sourceGroup = group;
  }

  /**
   * Whether the entry is worthless: in the future, not seen for {@link AddressBook#HORIZON}, never
   * reached after {@link AddressBook#RETRIES} tries, or failing {@link AddressBook#MAX_FAILURES}
   * times in a row with no success for {@link AddressBook#MIN_FAIL}. Entries tried within the last
   * minute are never terrible.
   */
  boolean isTerrible(long now) {
    if (lastTry != 0 && now - lastTry <= 60_000) {
      return false;
    }
    if (timestamp > now + AddressBook.FUTURE_TOLERANCE.toMillis()) {
      return true;
    }
    if (timestamp == 0 || now - timestamp > AddressBook.HORIZON.toMillis()) {
      return true;
    }
    if (lastSuccess == 0 && attempts >= AddressBook.RETRIES) {
      return true;
    }
    return now - lastSuccess > AddressBook.MIN_FAIL.toMillis()
        && attempts >= AddressBook.MAX_FAILURES;
  }

  /** The relative chance of selecting this entry: recent tries and failures make it unlikely. */
  double chance(long now) {
    double chance = 1.0;
    if (lastTry != 0 && now - lastTry < AddressBook.RECENT_TRY.toMillis()) {
      chance *= 0.01;
    }
    return chance * Math.pow(0.66, Math.min(attempts, 8));
  }

  KnownAddress view() {
    return new KnownAddress(address, nodeId, tried, timestamp, lastSuccess, attempts, lastTry);
  }
}
