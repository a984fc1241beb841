package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NetGroup;
import io.elo.p2p.NetGroups;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.SimulatedNetwork;
import io.elo.p2p.internal.proto.AddrItem;
import io.elo.p2p.internal.proto.AddrList;
import io.elo.p2p.internal.proto.AddrPacket;
import io.elo.validation.TestChainBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario on a full node: one attacker in two /16 netgroups answers the victim's
 * GetAddr with 1,000 addresses of its own netgroups per host (and keeps pushing more), so its
 * addresses outnumber the victim's twelve honest ones a hundred to one. The address book stays
 * within its per-source bound, and whenever the victim fills its eight outbound slots (at start
 * and again after losing them all), the attacker holds at most two (one per netgroup: the
 * {@code EclipseTest} criterion) and honest peers fill the rest, each in its own netgroup.
 */
@Timeout(90)
class EclipseScenarioIT {
  private static final ProtocolId ADDR = ProtocolId.of("elo-addr", 1);
  private static final int HONEST = 12;
  private static final int TARGET = 8;
  private static final int PER_ATTACKER_HOST = 1000;
  /**
   * Entries the new table gives the addresses of one netgroup announced from one source netgroup:
   * they all hash to one bucket of 64 (AddressBook, as Bitcoin Core's addrman).
   */
  private static final int PER_GROUP_AND_SOURCE = 64;

  /**
   * An attacker host: answers GetAddr with addresses spread over the attacker's /16s (none of them
   * listening).
   */
  private static final class Flooder implements ProtocolHandler {
    private final List<InetAddress> groups;
    private final Random random;
    final AtomicInteger sent = new AtomicInteger();

    Flooder(List<InetAddress> groups, Random random) {
      this.groups = groups;
      this.random = random;
    }

    @Override
    public void onMessage(Peer peer, byte[] payload) {
      try {
        if (AddrPacket.parseFrom(payload).hasGetAddr()) {
          peer.send(ADDR, flood(PER_ATTACKER_HOST));
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] flood(int count) {
      AddrList.Builder list = AddrList.newBuilder();
      for (int i = 0; i < count; i++) {
        byte[] base = groups.get(i % groups.size()).getAddress();
        byte[] ip = {
          base[0], base[1], (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))
        };
        list.addItems(
            AddrItem.newBuilder()
                .setIp(ByteString.copyFrom(ip))
                .setPort(SimulatedNodes.PORT)
                .setTimestamp(1));
      }
      sent.addAndGet(count);
      return AddrPacket.newBuilder().setAddr(list).build().toByteArray();
    }
  }

  private static PeerNetwork attackerHost(
      SimulatedNetwork sim, TestChainBuilder chain, InetAddress host, Flooder flooder)
      throws IOException {
    PeerNetwork net =
        PeerNetwork.builder()
            .transport(sim.newTransport(host))
            .identity(sim.newIdentity())
            .networkId(chain.params().networkId())
            .genesisHash(chain.params().genesisHash())
            .clock(sim.scheduler())
            .scheduler(sim.scheduler())
            .random(sim.newRandom())
            .listenAddress(new PeerAddress(host, SimulatedNodes.PORT))
            .build();
    net.registerProtocol(ADDR, flooder);
    net.start();
    return net;
  }

  private record Outbound(int attacker, int honest, int honestGroups) {}

  private static Outbound outbound(Node victim, Set<NetGroup> attackerGroups) {
    NetGroups groups = NetGroups.standard();
    int attacker = 0;
    int honest = 0;
    Set<NetGroup> honestGroups = new HashSet<>();
    for (Peer peer : victim.network().peers()) {
      if (peer.isInbound() || peer.isStatic()) {
        continue;
      }
      NetGroup group = groups.netGroup(peer.address().ip());
      if (attackerGroups.contains(group)) {
        attacker++;
      } else {
        honest++;
        honestGroups.add(group);
      }
    }
    return new Outbound(attacker, honest, honestGroups.size());
  }

  private static boolean filled(Node victim) {
    return victim.peerManager().outboundPeers() >= TARGET;
  }

  @Test
  void addressBookFloodFromFewNetgroups_leavesHonestOutboundPeersInDiverseNetgroups()
      throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(971, chain.params(), chain.clockStart())) {
      List<Node> honest = new ArrayList<>();
      for (int i = 0; i < HONEST; i++) {
        honest.add(net.add());
      }
      Set<NetGroup> attackerGroups = new HashSet<>();
      List<Flooder> flooders = new ArrayList<>();
      List<PeerNetwork> attackers = new ArrayList<>();
      Node victim =
          net.add(
              net.builder()
                  .peerManager(
                      pm -> pm.outboundTarget(TARGET).discovery(false).peerExchange(true)));
      List<InetAddress> hosts = List.of(net.network().newHost(), net.network().newHost());
      for (InetAddress host : hosts) {
        attackerGroups.add(NetGroups.standard().netGroup(host));
        Flooder flooder = new Flooder(hosts, net.network().newRandom());
        flooders.add(flooder);
        attackers.add(attackerHost(net.network(), chain, host, flooder));
        victim.peerManager().addAddress(new PeerAddress(host, SimulatedNodes.PORT));
      }
      for (Node node : honest) {
        victim.peerManager().addAddress(node.listenAddress().orElseThrow());
      }

      List<Outbound> fills = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        int maxAttacker = 0;
        for (int t = 0; t < 1200 && !filled(victim); t++) { // up to 2 minutes, 100 ms steps
          net.runFor(Duration.ofMillis(100));
          maxAttacker = Math.max(maxAttacker, outbound(victim, attackerGroups).attacker());
        }
        assertTrue(filled(victim), "round " + round + ": outbound slots filled");
        Outbound now = outbound(victim, attackerGroups);
        fills.add(now);
        assertTrue(maxAttacker <= 2, "the attacker never held more than its two netgroups");
        assertTrue(now.attacker() <= 2, "round " + round + ": " + now);
        assertTrue(now.honest() >= TARGET - 2, "round " + round + ": " + now);
        assertEquals(now.honest(), now.honestGroups(), "honest peers in distinct netgroups");
        // Churn: the victim loses every outbound peer and must refill from the flooded book.
        for (Peer peer : victim.network().peers()) {
          if (!peer.isInbound()) {
            peer.disconnect(DisconnectReason.REQUESTED);
          }
        }
        net.runFor(Duration.ofSeconds(1));
      }
      int flood = flooders.stream().mapToInt(f -> f.sent.get()).sum();
      int known = victim.peerManager().knownAddresses();
      System.out.printf(
          "EclipseScenarioIT: flood of %d addresses, book holds %d, outbound fills %s%n",
          flood, known, fills);
      assertTrue(flood >= 2 * PER_ATTACKER_HOST, "both attacker hosts flooded: " + flood);
      // Two sources, two netgroups: at most four buckets of 64, however many are announced.
      int bound = HONEST + hosts.size() + 2 * 2 * PER_GROUP_AND_SOURCE;
      assertTrue(flood >= 5 * bound, "the flood dwarfs the bound");
      assertTrue(known > HONEST + 2 + PER_GROUP_AND_SOURCE, "the flood reached the book: " + known);
      assertTrue(known <= bound, "the book stays bounded: " + known + " > " + bound);
      attackers.forEach(PeerNetwork::close);
    }
  }
}
