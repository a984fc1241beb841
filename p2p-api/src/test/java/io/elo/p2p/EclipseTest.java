package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Eclipse resistance of the real {@link AddressBook} and {@link OutboundSelector}, with simulated
 * connection outcomes. The victim has run for a while: 2,000 honest addresses in 400 /16s heard
 * from 100 honest sources, 200 of them connected to (tried). The attacker owns 50 /16s, announces
 * 10,000 fresh addresses through 5 sources (each source announces all of them), fills the 117
 * inbound slots, and answers every connection, while 20% of honest addresses are offline; for an
 * hour of the flood the victim runs its 2-minute feelers. Then the victim restarts and fills its 8
 * outbound slots.
 */
class EclipseTest {
  private static final int SEEDS = 100;
  private static final int TARGET = 8;

  @Test
  void floodThroughFiveSources_neverGetsMoreThanTwoOfEightOutboundSlots() throws Exception {
    int worst = 0;
    int total = 0;
    for (int seed = 0; seed < SEEDS; seed++) {
      int attacker = run(seed);
      worst = Math.max(worst, attacker);
      total += attacker;
    }
    System.out.printf(
        "EclipseTest: attacker outbound slots over %d seeds: max %d, mean %.2f of %d%n",
        SEEDS, worst, total / (double) SEEDS, TARGET);
    assertTrue(worst <= 2, "attacker held " + worst + " of " + TARGET);
  }

  private static int run(long seed) throws UnknownHostException {
    Random random = new Random(seed);
    NetGroups groups = NetGroups.standard();
    AddressBook book = AddressBook.create(groups, random);
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    List<InetAddress> honestSources = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      honestSources.add(ip(1 + i % 60, 100 + i, 1, 1));
    }
    List<PeerAddress> honest = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      int group = i % 400;
      PeerAddress address =
          new PeerAddress(
              ip(1 + group / 8, 8 * (group % 8) + 1, random.nextInt(256), 1 + i % 250), 9000);
      honest.add(address);
      Instant seen = now.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
      for (int k = 0; k < 1 + random.nextInt(2); k++) {
        InetAddress source = honestSources.get(random.nextInt(honestSources.size()));
        book.add(address, Optional.empty(), source, seen, PeerExchange.PENALTY, now);
      }
    }
    for (int i = 0; i < 200; i++) {
      book.good(honest.get(random.nextInt(honest.size())), now);
      book.resolveCollisions(now);
    }

    Set<Integer> attackerGroups = new HashSet<>();
    List<InetAddress> attackerSources = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      attackerSources.add(ip(150 + i, 200, 0, 1));
    }
    now = now.plus(Duration.ofHours(1));
    List<PeerAddress> attack = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      int group = i % 50;
      attackerGroups.add(150 + group);
      attack.add(
          new PeerAddress(ip(150 + group, 7, random.nextInt(256), 1 + random.nextInt(254)), 9000));
    }
    for (InetAddress source : attackerSources) {
      for (PeerAddress address : attack) {
        book.add(address, Optional.empty(), source, now, Duration.ZERO, now);
      }
    }
    // The attacker also holds every inbound slot: those addresses are busy for outbound selection.
    Set<PeerAddress> busy = new HashSet<>(attack.subList(0, 117));

    // An hour of feelers during the flood (test-before-evict protects live tried entries).
    for (int i = 0; i < 30; i++) {
      now = now.plus(Duration.ofMinutes(2));
      book.resolveCollisions(now);
      Optional<KnownAddress> target = book.selectTriedCollision();
      if (target.isEmpty()) {
        target = book.select(true, now);
      }
      if (target.isPresent()) {
        connect(book, target.get().address(), attackerGroups, random, now);
      }
    }

    // Restart: fill the outbound slots with the real selector.
    now = now.plus(Duration.ofMinutes(5));
    OutboundSelector selector = new OutboundSelector(groups);
    Set<NetGroup> outboundGroups = new HashSet<>();
    int outbound = 0;
    int fromNew = 0;
    int attackerSlots = 0;
    for (int attempt = 0; attempt < 1000 && outbound < TARGET; attempt++) {
      Optional<KnownAddress> picked =
          selector.select(book, outboundGroups, busy, fromNew, a -> false, now);
      if (picked.isEmpty()) {
        break;
      }
      PeerAddress address = picked.get().address();
      busy.add(address);
      if (connect(book, address, attackerGroups, random, now)) {
        outbound++;
        outboundGroups.add(groups.netGroup(address.ip()));
        fromNew += picked.get().tried() ? 0 : 1;
        attackerSlots += isAttacker(address, attackerGroups) ? 1 : 0;
      }
      now = now.plusSeconds(1);
    }
    assertEquals(TARGET, outbound, "seed " + seed + " filled its outbound slots");
    return attackerSlots;
  }

  /** Simulated outcome: the attacker always answers; 20% of honest nodes are offline. */
  private static boolean connect(
      AddressBook book,
      PeerAddress address,
      Set<Integer> attackerGroups,
      Random random,
      Instant now) {
    boolean up = isAttacker(address, attackerGroups) || random.nextInt(10) >= 2;
    if (up) {
      book.good(address, now);
    } else {
      book.attempt(address, true, now);
    }
    return up;
  }

  private static boolean isAttacker(PeerAddress address, Set<Integer> attackerGroups) {
    return attackerGroups.contains(address.ipBytes()[0] & 0xff);
  }

  private static InetAddress ip(int a, int b, int c, int d) throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
  }
}
