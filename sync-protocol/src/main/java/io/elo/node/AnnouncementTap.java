package io.elo.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.p2p.Ban;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NetworkCounters;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkListener;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import io.elo.sync.ChainProtocol;
import io.elo.sync.internal.proto.ChainMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The peer network as the chain protocol sees it: everything is forwarded, but the protocol's
 * handler is wrapped so the node notes when a block header is first announced (a {@code Headers}
 * message of at most {@link #MAX_ANNOUNCEMENT} headers, the protocol's announcement bound, or a
 * compact block pushed by a high-bandwidth peer), for
 * the announcement-to-connect metric. Only frames whose first byte is the {@code headers} tag are
 * parsed a second time; anything malformed is left to the protocol.
 */
final class AnnouncementTap implements PeerNetwork {
  static final int MAX_ANNOUNCEMENT = 8;

  /** Protobuf tag of {@code ChainMessage.headers} (field 3, length-delimited). */
  private static final int HEADERS_TAG = (3 << 3) | 2;

  /** Protobuf tag of {@code ChainMessage.compact_block} (field 10, length-delimited). */
  private static final int COMPACT_BLOCK_TAG = (10 << 3) | 2;

  private final PeerNetwork network;
  private final RecentBlocks recent;

  AnnouncementTap(PeerNetwork network, RecentBlocks recent) {
    this.network = network;
    this.recent = recent;
  }

  @Override
  public void registerProtocol(ProtocolId protocol, ProtocolHandler handler) {
    network.registerProtocol(
        protocol, protocol.equals(ChainProtocol.ID) ? new Tapped(handler) : handler);
  }

  private void observe(byte[] payload) {
    if (payload.length == 0) {
      return;
    }
    int tag = payload[0] & 0xff;
    if (tag == COMPACT_BLOCK_TAG) {
      observeCompact(payload);
      return;
    }
    if (tag != HEADERS_TAG
        || payload.length > MAX_ANNOUNCEMENT * (BlockHeader.MAX_ENCODED_LENGTH + 8) + 8) {
      return;
    }
    try {
      ChainMessage message = ChainMessage.parseFrom(payload);
      if (!message.hasHeaders() || message.getHeaders().getHeadersCount() > MAX_ANNOUNCEMENT) {
        return;
      }
      for (ByteString header : message.getHeaders().getHeadersList()) {
        recent.announced(BlockHeader.decode(header.toByteArray()).hash());
      }
    } catch (InvalidProtocolBufferException | DecodeException | IllegalArgumentException e) {
      // malformed: the protocol handler judges it
    }
  }

  /** A compact block pushed by a high-bandwidth peer announces its block too. */
  private void observeCompact(byte[] payload) {
    try {
      ChainMessage message = ChainMessage.parseFrom(payload);
      if (message.hasCompactBlock()) {
        recent.announced(
            BlockHeader.decode(message.getCompactBlock().getHeader().toByteArray()).hash());
      }
    } catch (InvalidProtocolBufferException | DecodeException | IllegalArgumentException e) {
      // malformed: the protocol handler judges it
    }
  }

  private final class Tapped implements ProtocolHandler {
    private final ProtocolHandler handler;

    Tapped(ProtocolHandler handler) {
      this.handler = handler;
    }

    @Override
    public void onPeerConnected(Peer peer) {
      handler.onPeerConnected(peer);
    }

    @Override
    public void onMessage(Peer peer, byte[] payload) {
      observe(payload);
      handler.onMessage(peer, payload);
    }

    @Override
    public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
      handler.onPeerDisconnected(peer, reason);
    }
  }

  // ---- forwarded ----

  @Override
  public NodeId nodeId() {
    return network.nodeId();
  }

  @Override
  public void start() throws IOException {
    network.start();
  }

  @Override
  public void close() {
    network.close();
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return network.listenAddress();
  }

  @Override
  public CompletableFuture<Peer> connect(PeerAddress address) {
    return network.connect(address);
  }

  @Override
  public CompletableFuture<Peer> connect(PeerAddress address, NodeId expected) {
    return network.connect(address, expected);
  }

  @Override
  public Set<ProtocolId> protocols() {
    return network.protocols();
  }

  @Override
  public List<Peer> peers() {
    return network.peers();
  }

  @Override
  public Optional<Peer> peer(NodeId nodeId) {
    return network.peer(nodeId);
  }

  @Override
  public void addListener(PeerNetworkListener listener) {
    network.addListener(listener);
  }

  @Override
  public void addStaticPeer(PeerAddress address) {
    network.addStaticPeer(address);
  }

  @Override
  public boolean removeStaticPeer(PeerAddress address) {
    return network.removeStaticPeer(address);
  }

  @Override
  public Set<PeerAddress> staticPeers() {
    return network.staticPeers();
  }

  @Override
  public void ban(Ban ban) {
    network.ban(ban);
  }

  @Override
  public boolean unban(NodeId nodeId) {
    return network.unban(nodeId);
  }

  @Override
  public boolean unban(InetAddress ip) {
    return network.unban(ip);
  }

  @Override
  public List<Ban> bans() {
    return network.bans();
  }

  @Override
  public boolean isBanned(NodeId nodeId) {
    return network.isBanned(nodeId);
  }

  @Override
  public boolean isBanned(InetAddress ip) {
    return network.isBanned(ip);
  }

  @Override
  public NetworkCounters counters() {
    return network.counters();
  }

  @Override
  public boolean isAllowed(NodeId nodeId) {
    return network.isAllowed(nodeId);
  }
}
