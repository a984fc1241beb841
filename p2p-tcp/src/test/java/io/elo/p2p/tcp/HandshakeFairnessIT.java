package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NetGroup;
import io.elo.p2p.NetGroups;
import io.elo.p2p.PeerNetworkBuilder;
import io.elo.p2p.WireFrames;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fair handshake admission over real TCP (issue 14): one address, or the addresses of one net
 * group, holding as many stalled handshakes as they can keep only their share of the pending
 * slots, and a newcomer from another group completes its handshake within 2 s, at the Noise layer
 * (the transport's pending secure handshakes) and at the peer layer (the peer manager's
 * connections awaiting a first frame, and the network's pending peer handshakes). The injected net
 * groups put 127.0.0.2–.9 (the attackers) in one group and every other address in a group of its
 * own, nothing exempt. Handshake timeouts are 30 s, longer than each test, so nothing held is
 * freed by a timeout meanwhile (the first-frame timeout is a fixed 10 s).
 */
class HandshakeFairnessIT {
  private static final NetGroups GROUPS =
      NetGroups.of(
          ip -> {
            int last = ip.getAddress()[ip.getAddress().length - 1] & 0xff;
            return last >= 2 && last <= 9
                ? NetGroup.of("attackers")
                : NetGroup.of("solo/" + ip.getHostAddress());
          },
          ip -> false);
  private static final Duration STALL = Duration.ofSeconds(30);
  private static final long NEWCOMER_LIMIT_MS = 2_000;
  private static final int TCP_SLOTS = TcpTransportBuilder.DEFAULT_MAX_PENDING_HANDSHAKES;
  private static final int TCP_PER_IP = TcpTransportBuilder.DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP;
  private static final int TCP_PER_GROUP =
      TcpTransportBuilder.DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP;
  // The peer manager's connections awaiting a first frame (docs/p2p.md), and the network's
  // pending peer handshakes.
  private static final int ROUTER_SLOTS = 64;
  private static final int ROUTER_PER_IP = 8;
  private static final int ROUTER_PER_GROUP = 16;
  private static final int PEER_SLOTS = PeerNetworkBuilder.DEFAULT_MAX_PENDING_HANDSHAKES;
  private static final int PEER_PER_IP = PeerNetworkBuilder.DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP;
  private static final int PEER_PER_GROUP =
      PeerNetworkBuilder.DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP;

  private final List<AutoCloseable> held = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : held) {
      c.close();
    }
  }

  @Test
  @Timeout(60)
  void noiseLayer_oneAddressKeepsItsShare_newcomerFromAnotherGroupGetsIn() throws Exception {
    try (Victim victim = victim(false)) {
      for (int i = 0; i < TCP_SLOTS; i++) {
        held.add(WirePeer.rawSocket(victim.address(), loopback(2)));
      }
      assertNewcomerGetsIn(victim);
      assertEquals(TCP_PER_IP, heldSecureHandshakes(victim, TCP_SLOTS, TCP_PER_IP));
    }
  }

  @Test
  @Timeout(60)
  void noiseLayer_addressesOfOneGroupTogetherKeepTheGroupsShare() throws Exception {
    try (Victim victim = victim(false)) {
      int opened = 0;
      for (int a = 2; a <= 9; a++) {
        for (int i = 0; i < TCP_PER_IP; i++) {
          held.add(WirePeer.rawSocket(victim.address(), loopback(a)));
          opened++;
        }
      }
      assertNewcomerGetsIn(victim);
      assertEquals(TCP_PER_GROUP, heldSecureHandshakes(victim, opened, TCP_PER_GROUP));
    }
  }

  @Test
  @Timeout(60)
  void peerLayer_oneAddressKeepsItsShare_newcomerFromAnotherGroupGetsIn() throws Exception {
    try (Victim victim = victim(true)) {
      // Secure sessions that send their challenge, then nothing: pending peer handshakes.
      List<WirePeer> challengers = new ArrayList<>();
      for (int i = 0; i < PEER_SLOTS; i++) {
        challengers.add(challenger(victim, loopback(2)));
      }
      // Secure sessions that send nothing: connections awaiting their first frame.
      List<WirePeer> silent = new ArrayList<>();
      for (int i = 0; i < ROUTER_SLOTS; i++) {
        silent.add(silent(victim, loopback(2)));
      }
      assertNewcomerGetsIn(victim);
      assertTrue(held(silent, ROUTER_PER_IP) <= ROUTER_PER_IP, "silent sessions held");
      assertTrue(held(challengers, PEER_PER_IP) <= PEER_PER_IP, "challengers held");
    }
  }

  @Test
  @Timeout(60)
  void peerLayer_addressesOfOneGroupTogetherKeepTheGroupsShare() throws Exception {
    try (Victim victim = victim(true)) {
      List<WirePeer> challengers = new ArrayList<>();
      List<WirePeer> silent = new ArrayList<>();
      for (int a = 2; a <= 9; a++) {
        for (int i = 0; i < PEER_PER_IP; i++) {
          challengers.add(challenger(victim, loopback(a)));
        }
      }
      for (int a = 2; a <= 9; a++) {
        for (int i = 0; i < ROUTER_PER_IP; i++) {
          silent.add(silent(victim, loopback(a)));
        }
      }
      assertNewcomerGetsIn(victim);
      assertTrue(held(silent, ROUTER_PER_GROUP) <= ROUTER_PER_GROUP, "silent sessions held");
      assertTrue(held(challengers, PEER_PER_GROUP) <= PEER_PER_GROUP, "challengers held");
    }
  }

  private static Victim victim(boolean withManager) throws IOException {
    return withManager
        ? Victim.startWithPeerManager(
            t -> t.netGroups(GROUPS).handshakeTimeout(STALL),
            n -> n.netGroups(GROUPS).handshakeTimeout(STALL))
        : Victim.start(
            t -> t.netGroups(GROUPS).handshakeTimeout(STALL),
            n -> n.netGroups(GROUPS).handshakeTimeout(STALL));
  }

  private static InetAddress loopback(int lastOctet) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
  }

  private WirePeer challenger(Victim victim, InetAddress from) throws IOException {
    WirePeer peer = silent(victim, from);
    peer.sendFrame(WireFrames.challenge(peer.nonce));
    return peer;
  }

  private WirePeer silent(Victim victim, InetAddress from) throws IOException {
    WirePeer peer = WirePeer.secure(victim.address(), WirePeer.Keys.fresh(), from);
    held.add(peer);
    return peer;
  }

  /**
   * Raw sockets the transport still holds in their secure handshake: {@code opened} less those
   * closed on accept, once no more than {@code share} are left (or after 5 s, for the failure
   * message).
   */
  private static long heldSecureHandshakes(Victim victim, int opened, int share)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long left;
    do {
      Thread.sleep(20);
      left = opened
          - victim.transport.inboundDrops().getOrDefault(DisconnectReason.TOO_MANY_PEERS, 0L);
    } while (left > share && System.nanoTime() < deadline);
    return left;
  }

  /**
   * How many of {@code peers} the victim still holds open: polled until no more than {@code
   * share} are (or for 5 s, for the failure message). A refused one has its stream ended at once.
   */
  private static long held(List<WirePeer> peers, int share) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long open;
    do {
      open = 0;
      for (WirePeer peer : peers) {
        if (!peer.awaitEnd(Duration.ofMillis(20)).ended()) {
          open++;
        }
      }
    } while (open > share && System.nanoTime() < deadline);
    return open;
  }

  /** A newcomer on 127.0.0.10 (a group of its own) completes both handshakes within 2 s. */
  private void assertNewcomerGetsIn(Victim victim) throws IOException {
    long start = System.nanoTime();
    WirePeer newcomer;
    try {
      newcomer = WirePeer.connected(victim.address(), WirePeer.Keys.fresh(), loopback(10));
    } catch (IOException e) {
      throw new AssertionError("the newcomer was kept out: " + e.getMessage(), e);
    }
    held.add(newcomer);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("HandshakeFairnessIT: the newcomer's handshakes took %d ms%n", millis);
    assertTrue(millis < NEWCOMER_LIMIT_MS, "newcomer handshake took " + millis + " ms");
  }
}
