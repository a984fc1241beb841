package io.elo.sync;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.p2p.Severity;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends, reports and disconnects collected while the protocol's lock is held and performed after
 * it is released, so the protocol never calls into the peer network (which has locks of its own)
 * with its lock held.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final List<Runnable> actions = new ArrayList<>();
  private final MessageCounters counters;

  Outbox(MessageCounters counters) {
    this.counters = counters;
  }

  Outbox() {
    this(new MessageCounters());
  }

  void send(Peer peer, byte[] message) {
    actions.add(() -> counters.send(peer, message));
  }

  void penalize(PeerState state, Severity severity, String why) {
    LOG.debug("peer {} misbehaved ({}): {}", state, severity, why);
    actions.add(() -> state.peer.reportMisbehaviour(severity, why));
  }

  void disconnect(PeerState state, DisconnectReason reason, String why) {
    LOG.debug("dropping peer {} ({}): {}", state, reason, why);
    state.dropped = true;
    actions.add(() -> state.peer.disconnect(reason));
  }

  void later(Runnable action) {
    actions.add(action);
  }

  void flush() {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("chain protocol action failed", e);
      }
    }
    actions.clear();
  }
}
