package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.p2p.internal.proto.AddrItem;
import io.elo.p2p.internal.proto.AddrList;
import io.elo.p2p.internal.proto.AddrPacket;
import io.elo.p2p.internal.proto.GetAddr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerExchangeTest {
  private final SimulatedNetwork sim = SimulatedNetwork.create(3);
  private final List<Instant> received = new ArrayList<>();
  private final PeerExchange exchange =
      new PeerExchange(
          new PeerExchange.Book() {
            @Override
            public void received(
                Peer from, PeerAddress address, Optional<NodeId> nodeId, Instant timestamp) {
              received.add(timestamp);
            }

            @Override
            public List<KnownAddress> sample(int max, int maxPercent) {
              return List.of();
            }

            @Override
            public Optional<PeerAddress> ownAddress() {
              return Optional.empty();
            }
          },
          sim.scheduler());

  private StubPeer peer(boolean inbound) {
    return new StubPeer(
        sim.newIdentity().nodeId(),
        new PeerAddress(sim.newHost(), 9000),
        inbound,
        sim.scheduler().instant(),
        null);
  }

  private byte[] addr(int count, long timestampSeconds) {
    AddrList.Builder list = AddrList.newBuilder();
    for (int i = 0; i < count; i++) {
      list.addItems(
          AddrItem.newBuilder()
              .setIp(ByteString.copyFrom(new byte[] {20, (byte) (i >> 8), (byte) i, 1}))
              .setPort(9000)
              .setTimestamp(timestampSeconds));
    }
    return AddrPacket.newBuilder().setAddr(list).build().toByteArray();
  }

  private long now() {
    return sim.scheduler().instant().getEpochSecond();
  }

  @Test
  void unsolicitedAddresses_areRateLimited() {
    StubPeer peer = peer(true);
    exchange.onPeerConnected(peer);
    exchange.onMessage(peer, addr(500, now()));
    assertEquals(1, received.size(), "one token to start with");
    assertEquals(499, exchange.dropped(peer));
    sim.scheduler().runFor(Duration.ofSeconds(100));
    exchange.onMessage(peer, addr(50, now()));
    assertEquals(11, received.size(), "0.1 address per second");
  }

  @Test
  void answersToOurRequest_mayFillTheBucket_butNoMoreThanTheCap() {
    StubPeer peer = peer(false);
    exchange.onPeerConnected(peer);
    assertEquals(1, peer.sent.size(), "outbound peers are asked once");
    exchange.onMessage(peer, addr(PeerExchange.MAX_ADDRESSES, now()));
    assertEquals(PeerExchange.MAX_ADDRESSES, received.size());
    exchange.onMessage(peer, addr(PeerExchange.MAX_ADDRESSES + 1, now()));
    assertEquals(PeerExchange.MAX_ADDRESSES, received.size(), "oversized message ignored");
    assertEquals(1, peer.misbehaviour.size());
  }

  @Test
  void timestamps_areClamped() {
    Instant now = sim.scheduler().instant();
    assertEquals(
        now.minus(PeerExchange.CLAMPED_AGE), PeerExchange.clamp(now.getEpochSecond() + 3600, now));
    assertEquals(now.minus(PeerExchange.CLAMPED_AGE), PeerExchange.clamp(5, now));
    assertEquals(
        Instant.ofEpochSecond(now.getEpochSecond() - 60),
        PeerExchange.clamp(now.getEpochSecond() - 60, now));
    StubPeer peer = peer(false);
    exchange.onPeerConnected(peer);
    exchange.onMessage(peer, addr(1, now.getEpochSecond() + 86_400));
    assertEquals(List.of(now.minus(PeerExchange.CLAMPED_AGE)), received);
  }

  @Test
  void getAddr_isAnsweredOncePerInboundPeer_andNeverToOutbound() {
    byte[] getAddr =
        AddrPacket.newBuilder().setGetAddr(GetAddr.getDefaultInstance()).build().toByteArray();
    StubPeer inbound = peer(true);
    exchange.onPeerConnected(inbound);
    exchange.onMessage(inbound, getAddr);
    exchange.onMessage(inbound, getAddr);
    assertEquals(1, inbound.sent.size());
    StubPeer outbound = peer(false);
    exchange.onPeerConnected(outbound);
    exchange.onMessage(outbound, getAddr);
    assertEquals(1, outbound.sent.size(), "only our own request");
    exchange.onMessage(outbound, new byte[] {(byte) 0xff});
    assertTrue(outbound.misbehaviour.get(0).contains("malformed"));
  }
}
