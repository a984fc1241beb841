package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link ReputationManager}'s verdicts and bans: disconnects, bans keyed on IP
 * plus node id, and the static-peer exemption. Thread-safe; takes no session lock.
 */
final class Policing {
  private static final Logger LOG = LoggerFactory.getLogger(Policing.class);

  private final DefaultPeerNetwork network;
  private final BanList banList;

  Policing(DefaultPeerNetwork network, BanList banList) {
    this.network = network;
    this.banList = banList;
  }

  void report(PeerSession session, Severity severity, String description) {
    checkNotNull(severity);
    checkNotNull(description);
    if (!session.isConnected()) {
      return;
    }
    apply(session, severity, description);
  }

  /**
   * Reports a fault that closed the connection itself (a forged frame on the secure channel):
   * the session is no longer connected, but its verified node id still answers for it.
   */
  void reportAtClose(PeerSession session, Severity severity, String description) {
    apply(session, checkNotNull(severity), checkNotNull(description));
  }

  private void apply(PeerSession session, Severity severity, String description) {
    if (session.isStatic()) {
      LOG.info("static peer {} misbehaved ({}): {}", session, severity, description);
      return;
    }
    ReputationManager reputation = network.config().reputation();
    ReputationManager.Action action = reputation.report(session.nodeId(), severity, network.now());
    if (action == ReputationManager.Action.NONE) {
      LOG.debug("peer {} misbehaved ({}): {}", session, severity, description);
    } else {
      // Once per connection: what tipped the balance, for the operator.
      LOG.info("peer {} misbehaved ({}): {} -> {}", session, severity, description, action);
    }
    if (action == ReputationManager.Action.DISCONNECT) {
      session.disconnect(DisconnectReason.MISBEHAVIOUR);
    } else if (action == ReputationManager.Action.BAN) {
      session.disconnect(DisconnectReason.MISBEHAVIOUR);
      InetAddress ip = session.address().ip();
      network.ban(
          new Ban(
              banList.isExempt(ip) ? Optional.empty() : Optional.of(ip),
              Optional.of(session.nodeId()),
              network.now().plus(reputation.banDuration()),
              truncate(severity + ": " + description)));
    }
  }

  /** Records {@code ban} and disconnects the sessions it matches. */
  void ban(Ban ban, List<PeerSession> sessions) {
    banList.add(ban, network.now());
    network.liveCounters().bansIssued.increment();
    for (PeerSession session : sessions) {
      boolean byId = ban.nodeId().isPresent() && ban.nodeId().equals(session.verifiedNodeId());
      boolean byIp =
          ban.ip().isPresent()
              && !banList.isExempt(session.address().ip())
              && ban.ip().get().equals(session.address().ip());
      if (byId || byIp) {
        session.disconnect(DisconnectReason.BANNED);
      }
    }
  }

  private static String truncate(String text) {
    return text.length() <= Ban.MAX_REASON_LENGTH ? text : text.substring(0, Ban.MAX_REASON_LENGTH);
  }
}
