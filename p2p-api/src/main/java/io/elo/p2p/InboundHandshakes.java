package io.elo.p2p;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The network's inbound sessions still in their peer handshake: their fair slots ({@link
 * HandshakeSlots}: per IP, per net group, in total) and the bounded log of what an unauthenticated
 * remote can make fail ({@link FailureLog}). Slot methods are called under the network's lock; the
 * log methods need no lock.
 */
final class InboundHandshakes {
  static final String FAILED = "inbound peer handshakes failed";
  static final String TIMED_OUT = "inbound peer handshakes timed out";
  static final String REFUSED = "inbound connections refused, pending peer handshakes full";
  static final String NOT_ALLOWED = "peers refused, not in the allowlist";

  private final HandshakeSlots slots;
  private final FailureLog log;
  // Sessions holding a slot: from their start until admitted or closed.
  private final Set<PeerSession> holders = new HashSet<>();

  InboundHandshakes(HandshakeSlots slots, FailureLog log) {
    this.slots = slots;
    this.log = log;
  }

  /** Takes a slot for a connection from {@code ip}, or says why not. */
  HandshakeSlots.Result tryAcquire(InetAddress ip) {
    return slots.tryAcquire(ip);
  }

  /** Gives back a slot taken for {@code ip} that no session came to hold. */
  void cancel(InetAddress ip) {
    slots.release(ip);
  }

  /** The session started with the slot taken for its address. */
  void hold(PeerSession session) {
    holders.add(session);
  }

  /** The session was admitted or closed: its slot, if it still holds one, is free. */
  void release(PeerSession session) {
    if (holders.remove(session)) {
      slots.release(session.address().ip());
    }
  }

  /** Logs a connection refused for want of a slot. */
  void refused(InetAddress ip, HandshakeSlots.Result why) {
    log.record(REFUSED, ip, why.name());
  }

  /** Logs a peer refused after its hello because the allowlist does not name it. */
  void notAllowed(NodeId node, PeerAddress address) {
    log.record(NOT_ALLOWED, address.ip(), "node " + node + " at " + address);
  }

  /**
   * Logs an inbound session that ended before it was admitted, if a remote could have caused it
   * on purpose: timeouts and protocol failures; not duplicates, self-connections, shutdown, bans,
   * full slots or a peer that just went away.
   */
  void endedBeforeAdmission(PeerAddress address, DisconnectReason reason) {
    if (reason == DisconnectReason.TIMEOUT) {
      log.record(TIMED_OUT, address.ip(), "port " + address.port());
    } else if (!reason.isTemporary()
        && reason != DisconnectReason.SELF_CONNECTION
        && reason != DisconnectReason.BANNED
        && reason != DisconnectReason.NOT_ALLOWED) {
      log.record(FAILED, address.ip(), reason + " on port " + address.port());
    }
  }
}
