package io.elo.sync;

import io.elo.crypto.Hash;
import java.util.LinkedHashSet;
import java.util.Set;

/** Transaction relay state of one peer; owned by the protocol thread. */
final class TxPeer {
  /** Wtxids the peer has or was sent: never announced to it again. */
  final KnownInventory known;
  /** Wtxids waiting for the next announcement flush, in mempool order (parents first). */
  final Set<Hash> queue = new LinkedHashSet<>();
  /** Announced wtxids plus unrequested transactions. */
  final FloodGuard flood;
  /** Unrequested transactions (a small burst is tolerated, beyond it each is penalised). */
  final FloodGuard unrequested;
  /**
   * Wtxids we asked this peer for, kept after the request timed out or another peer delivered:
   * a late answer is honest (a busy peer), not an unrequested transaction. Removed on delivery.
   */
  final KnownInventory asked;
  /** When the next flush may happen (millis). */
  long nextFlushAt;
  /** When the last flush happened (millis); the connect time before the first. */
  long lastFlushAt;
  /** Wtxids the next flush may announce (a token bucket, see TxAnnouncer#refill). */
  double announceTokens;
  boolean flushScheduled;

  TxPeer(SyncConfig config, long salt, long now) {
    this.known = new KnownInventory(config.txKnownInventory(), salt);
    this.flood = new FloodGuard(config.txFloodRate(), config.txFloodBurst(), now);
    this.unrequested =
        new FloodGuard(
            1000.0 / config.unrequestedTxRefill().toMillis(), config.unrequestedTxBurst(), now);
    this.asked = new KnownInventory(config.txMaxAnnouncementsPerPeer(), salt ^ 0x5851F42D4C957F2DL);
    this.lastFlushAt = now;
    this.announceTokens = TxAnnouncer.allowanceCap(config); // the receiver's guard starts full
  }
}
