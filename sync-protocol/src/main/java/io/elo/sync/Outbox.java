package io.elo.sync;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.p2p.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol thread's way out to peers: encodes and sends (counted), reports misbehaviour and
 * disconnects, at once. The protocol holds no lock, so calling into the peer network (which has
 * locks of its own, and may call the protocol handler back) is safe: handler callbacks only queue
 * work for the protocol thread.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final MessageCounters counters;

  Outbox(MessageCounters counters) {
    this.counters = counters;
  }

  Outbox() {
    this(new MessageCounters());
  }

  void send(Peer peer, ChainMessage message) {
    counters.send(peer, ChainCodec.encode(message));
  }

  void send(Peer peer, byte[] message) {
    counters.send(peer, message);
  }

  void penalize(PeerState state, Severity severity, String why) {
    LOG.debug("peer {} misbehaved ({}): {}", state, severity, why);
    state.peer.reportMisbehaviour(severity, why);
  }

  void disconnect(PeerState state, DisconnectReason reason, String why) {
    LOG.debug("dropping peer {} ({}): {}", state, reason, why);
    state.dropped = true;
    state.peer.disconnect(reason);
  }
}
