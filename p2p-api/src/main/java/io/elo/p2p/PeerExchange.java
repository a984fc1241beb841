package io.elo.p2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.internal.proto.AddrItem;
import io.elo.p2p.internal.proto.AddrList;
import io.elo.p2p.internal.proto.AddrPacket;
import io.elo.p2p.internal.proto.GetAddr;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer exchange, protocol {@code elo-addr/1} (Bitcoin's addr/getaddr): a node asks each outbound
 * peer once for addresses, answers one request per inbound peer with a sample of its book, and
 * announces its own listen address to every new peer.
 *
 * <p>Limits: a message with more than {@link #MAX_ADDRESSES} addresses is ignored and counts as
 * minor misbehaviour; each peer has a token bucket of {@link #RATE} addresses per second (bursts of
 * {@link #MAX_ADDRESSES}, starting with one token; asking for addresses adds {@link
 * #MAX_ADDRESSES}) and addresses past it are dropped. Timestamps more than {@link
 * #FUTURE_TOLERANCE} ahead or before 1973 become "5 days ago"; every address gets a {@link
 * #PENALTY}.
 */
final class PeerExchange implements ProtocolHandler {
  static final ProtocolId PROTOCOL = ProtocolId.of("elo-addr", 1);
  static final int MAX_ADDRESSES = 1000;
  static final double RATE = 0.1;
  static final int MAX_PERCENT = 23;
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
  static final Duration CLAMPED_AGE = Duration.ofDays(5);
  static final Duration PENALTY = Duration.ofHours(2);
  static final long MIN_TIMESTAMP_SECONDS = 100_000_000L;

  /** Where received addresses and address requests go (the peer manager). */
  interface Book {
    void received(Peer from, PeerAddress address, Optional<NodeId> nodeId, Instant timestamp);

    List<KnownAddress> sample(int max, int maxPercent);

    Optional<PeerAddress> ownAddress();
  }

  private static final class State {
    final TokenBucket tokens = new TokenBucket(RATE, MAX_ADDRESSES, 1);
    boolean answered;
    long dropped;
  }

  private final Book book;
  private final InstantSource clock;
  private final Map<Peer, State> states = new ConcurrentHashMap<>();

  PeerExchange(Book book, InstantSource clock) {
    this.book = book;
    this.clock = clock;
  }

  @Override
  public void onPeerConnected(Peer peer) {
    if (!peer.supports(PROTOCOL)) {
      return;
    }
    State state = new State();
    states.put(peer, state);
    if (!peer.isInbound()) {
      synchronized (state) {
        state.tokens.add(MAX_ADDRESSES, clock.instant());
      }
      peer.send(
          PROTOCOL,
          AddrPacket.newBuilder().setGetAddr(GetAddr.getDefaultInstance()).build().toByteArray());
    }
    book.ownAddress()
        .ifPresent(
            own ->
                peer.send(
                    PROTOCOL,
                    AddrPacket.newBuilder()
                        .setAddr(
                            AddrList.newBuilder()
                                .addItems(item(own, Optional.empty(), clock.instant())))
                        .build()
                        .toByteArray()));
  }

  @Override
  public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
    states.remove(peer);
  }

  /** Addresses dropped by the rate limit from {@code peer} so far. */
  long dropped(Peer peer) {
    State state = states.get(peer);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.dropped;
    }
  }

  @Override
  public void onMessage(Peer peer, byte[] payload) {
    State state = states.get(peer);
    if (state == null) {
      return;
    }
    AddrPacket packet;
    try {
      packet = AddrPacket.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      peer.reportMisbehaviour(Severity.MINOR, "malformed addr packet");
      return;
    }
    switch (packet.getKindCase()) {
      case GET_ADDR -> onGetAddr(peer, state);
      case ADDR -> onAddr(peer, state, packet.getAddr());
      case KIND_NOT_SET -> peer.reportMisbehaviour(Severity.MINOR, "empty addr packet");
    }
  }

  private void onGetAddr(Peer peer, State state) {
    synchronized (state) {
      // Only inbound peers are answered (outbound answers would fingerprint this node), once.
      if (!peer.isInbound() || state.answered) {
        return;
      }
      state.answered = true;
    }
    AddrList.Builder list = AddrList.newBuilder();
    for (KnownAddress known : book.sample(MAX_ADDRESSES, MAX_PERCENT)) {
      list.addItems(item(known.address(), known.nodeId(), Instant.ofEpochMilli(known.timestamp())));
    }
    peer.send(PROTOCOL, AddrPacket.newBuilder().setAddr(list).build().toByteArray());
  }

  private void onAddr(Peer peer, State state, AddrList list) {
    if (list.getItemsCount() > MAX_ADDRESSES) {
      peer.reportMisbehaviour(Severity.MINOR, "addr message with " + list.getItemsCount());
      return;
    }
    Instant now = clock.instant();
    for (AddrItem item : list.getItemsList()) {
      synchronized (state) {
        if (!state.tokens.tryTake(now)) {
          state.dropped++;
          continue;
        }
      }
      PeerAddress address;
      Optional<NodeId> nodeId;
      try {
        address = PeerAddress.fromBytes(item.getIp().toByteArray(), item.getPort());
        nodeId =
            item.getNodeId().isEmpty()
                ? Optional.empty()
                : Optional.of(NodeId.fromBytes(item.getNodeId().toByteArray()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (address.port() == 0) {
        continue;
      }
      book.received(peer, address, nodeId, clamp(item.getTimestamp(), now));
    }
  }

  /** Clamps an announced timestamp (seconds) into something believable. */
  static Instant clamp(long seconds, Instant now) {
    if (seconds <= MIN_TIMESTAMP_SECONDS || seconds > now.plus(FUTURE_TOLERANCE).getEpochSecond()) {
      return now.minus(CLAMPED_AGE);
    }
    return Instant.ofEpochSecond(seconds);
  }

  private static AddrItem item(PeerAddress address, Optional<NodeId> nodeId, Instant timestamp) {
    AddrItem.Builder item =
        AddrItem.newBuilder()
            .setIp(ByteString.copyFrom(address.ipBytes()))
            .setPort(address.port())
            .setTimestamp(timestamp.getEpochSecond());
    nodeId.ifPresent(id -> item.setNodeId(ByteString.copyFrom(id.toBytes())));
    return item.build();
  }
}
