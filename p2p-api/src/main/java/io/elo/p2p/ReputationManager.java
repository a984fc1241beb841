package io.elo.p2p;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns misbehaviour reports into actions (the Teku {@code ReputationManager} shape). The {@link
 * PeerNetwork} carries the actions out: it disconnects with {@link
 * DisconnectReason#MISBEHAVIOUR} and, for {@link Action#BAN}, bans the peer's IP and node id for
 * {@link #banDuration()}. Static peers are exempt: their reports are counted and logged only.
 * Temporary faults ({@link DisconnectReason#isTemporary()}) are never reported here.
 *
 * <p>Implementations are thread-safe.
 */
public interface ReputationManager {
  /** What to do about a peer after a report. */
  enum Action {
    /** Keep the peer. */
    NONE,
    /** Disconnect, but do not ban. */
    DISCONNECT,
    /** Disconnect and ban. */
    BAN
  }

  /** Ignores every report: never disconnects, never bans. */
  ReputationManager NOOP =
      new ReputationManager() {
        @Override
        public Action report(NodeId peer, Severity severity, Instant now) {
          return Action.NONE;
        }

        @Override
        public double score(NodeId peer, Instant now) {
          return 0;
        }

        @Override
        public Duration banDuration() {
          return Duration.ZERO;
        }
      };

  /** Records a report of {@code severity} against {@code peer} at {@code now}; returns the action. */
  Action report(NodeId peer, Severity severity, Instant now);

  /** The peer's current misbehaviour score (0 = clean), decayed to {@code now}. */
  double score(NodeId peer, Instant now);

  /** How long a {@link Action#BAN} lasts. */
  Duration banDuration();
}
