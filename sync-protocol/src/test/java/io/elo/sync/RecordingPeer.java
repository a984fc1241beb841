package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.Severity;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A peer that records what the protocol sends and reports, for unit tests. */
final class RecordingPeer implements Peer {
  final List<byte[]> sent = new ArrayList<>();
  final List<Severity> reports = new ArrayList<>();
  private final NodeId id;
  private final boolean isStatic;

  RecordingPeer(int index) {
    this(index, false);
  }

  RecordingPeer(int index, boolean isStatic) {
    this.id = NodeId.fromBytes(Hash.sha256(new byte[] {(byte) index}).toBytes());
    this.isStatic = isStatic;
  }

  @Override
  public NodeId nodeId() {
    return id;
  }

  @Override
  public PeerAddress address() {
    return new PeerAddress(InetAddress.getLoopbackAddress(), 1);
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return Optional.empty();
  }

  @Override
  public boolean isInbound() {
    return false;
  }

  @Override
  public boolean isStatic() {
    return isStatic;
  }

  @Override
  public Set<ProtocolId> protocols() {
    return Set.of(ChainProtocol.ID);
  }

  @Override
  public Instant connectedAt() {
    return Instant.EPOCH;
  }

  @Override
  public Optional<Duration> rtt() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> minRtt() {
    return Optional.empty();
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public boolean send(ProtocolId protocol, byte[] payload) {
    sent.add(payload);
    return true;
  }

  @Override
  public void disconnect(DisconnectReason reason) {}

  @Override
  public void reportMisbehaviour(Severity severity, String description) {
    reports.add(severity);
  }
}
