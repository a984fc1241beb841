package io.elo.p2p;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@link Peer} test double that records what is sent to it and reported about it. */
final class StubPeer implements Peer {
  final NodeId nodeId;
  final PeerAddress address;
  final boolean inbound;
  final Instant connectedAt;
  final Optional<Duration> minRtt;
  final List<byte[]> sent = new ArrayList<>();
  final List<String> misbehaviour = new ArrayList<>();
  DisconnectReason disconnected;

  StubPeer(
      NodeId nodeId, PeerAddress address, boolean inbound, Instant connectedAt, Duration minRtt) {
    this.nodeId = nodeId;
    this.address = address;
    this.inbound = inbound;
    this.connectedAt = connectedAt;
    this.minRtt = Optional.ofNullable(minRtt);
  }

  @Override
  public NodeId nodeId() {
    return nodeId;
  }

  @Override
  public PeerAddress address() {
    return address;
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return Optional.empty();
  }

  @Override
  public boolean isInbound() {
    return inbound;
  }

  @Override
  public boolean isStatic() {
    return false;
  }

  @Override
  public Set<ProtocolId> protocols() {
    return Set.of(PeerExchange.PROTOCOL);
  }

  @Override
  public Instant connectedAt() {
    return connectedAt;
  }

  @Override
  public Optional<Duration> rtt() {
    return minRtt;
  }

  @Override
  public Optional<Duration> minRtt() {
    return minRtt;
  }

  @Override
  public boolean isConnected() {
    return disconnected == null;
  }

  @Override
  public boolean send(ProtocolId protocol, byte[] payload) {
    sent.add(payload);
    return true;
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    disconnected = reason;
  }

  @Override
  public void reportMisbehaviour(Severity severity, String description) {
    misbehaviour.add(severity + ": " + description);
  }
}
