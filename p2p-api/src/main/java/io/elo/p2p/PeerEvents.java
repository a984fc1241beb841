package io.elo.p2p;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered protocols and listeners, and the fan-out of peer events to them. A failing
 * callback is logged and does not stop the others. Thread-safe.
 */
final class PeerEvents {
  private static final Logger LOG = LoggerFactory.getLogger(PeerEvents.class);

  final Map<ProtocolId, ProtocolHandler> protocols = new ConcurrentHashMap<>();
  final List<PeerNetworkListener> listeners = new CopyOnWriteArrayList<>();

  /** Listeners first, then protocols. */
  void connected(Peer peer) {
    for (PeerNetworkListener listener : listeners) {
      try {
        listener.onPeerConnected(peer);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on connect of {}", peer, e);
      }
    }
    for (Map.Entry<ProtocolId, ProtocolHandler> entry : protocols.entrySet()) {
      try {
        entry.getValue().onPeerConnected(peer);
      } catch (RuntimeException e) {
        LOG.warn("protocol {} failed on connect of {}", entry.getKey(), peer, e);
      }
    }
  }

  /** Protocols first, then listeners. */
  void disconnected(Peer peer, DisconnectReason reason, boolean byRemote) {
    for (Map.Entry<ProtocolId, ProtocolHandler> entry : protocols.entrySet()) {
      try {
        entry.getValue().onPeerDisconnected(peer, reason);
      } catch (RuntimeException e) {
        LOG.warn("protocol {} failed on disconnect of {}", entry.getKey(), peer, e);
      }
    }
    for (PeerNetworkListener listener : listeners) {
      try {
        listener.onPeerDisconnected(peer, reason, byRemote);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on disconnect of {}", peer, e);
      }
    }
  }

  void connectionFailed(PeerAddress address, boolean outbound, DisconnectReason reason) {
    for (PeerNetworkListener listener : listeners) {
      try {
        listener.onConnectionFailed(address, outbound, reason);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on a connection failure of {}", address, e);
      }
    }
  }
}
