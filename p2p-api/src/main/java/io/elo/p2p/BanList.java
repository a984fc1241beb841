package io.elo.p2p;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bans in force, bounded, optionally persisted to a snapshot file after every change.
 * Thread-safe. Expired bans are pruned lazily.
 */
final class BanList {
  private static final Logger LOG = LoggerFactory.getLogger(BanList.class);

  /** At the bound, the ban ending soonest is evicted. */
  static final int MAX_BANS = 100_000;

  private final List<Ban> bans = new ArrayList<>();
  private final Optional<Path> file;
  private final Predicate<InetAddress> ipExempt;

  BanList(Optional<Path> file, Predicate<InetAddress> ipExempt) {
    this.file = file;
    this.ipExempt = ipExempt;
  }

  /** Loads the snapshot file, if configured and present, dropping bans expired at {@code now}. */
  synchronized void load(Instant now) throws IOException {
    if (file.isPresent()) {
      for (Ban ban : BanListFile.read(file.get())) {
        if (!ban.isExpired(now)) {
          bans.add(ban);
        }
      }
    }
  }

  synchronized void add(Ban ban, Instant now) {
    prune(now);
    if (bans.size() >= MAX_BANS) {
      Ban soonest = bans.get(0);
      for (Ban b : bans) {
        if (b.until().isBefore(soonest.until())) {
          soonest = b;
        }
      }
      bans.remove(soonest);
    }
    bans.add(ban);
    save();
  }

  synchronized boolean removeNode(NodeId nodeId) {
    boolean removed = bans.removeIf(b -> b.nodeId().equals(Optional.of(nodeId)));
    if (removed) {
      save();
    }
    return removed;
  }

  synchronized boolean removeIp(InetAddress ip) {
    InetAddress normal = PeerAddress.normalizeIp(ip);
    boolean removed = bans.removeIf(b -> b.ip().equals(Optional.of(normal)));
    if (removed) {
      save();
    }
    return removed;
  }

  synchronized boolean isBanned(NodeId nodeId, Instant now) {
    prune(now);
    return bans.stream().anyMatch(b -> b.nodeId().equals(Optional.of(nodeId)));
  }

  synchronized boolean isBanned(InetAddress ip, Instant now) {
    if (ipExempt.test(ip)) {
      return false;
    }
    prune(now);
    InetAddress normal = PeerAddress.normalizeIp(ip);
    return bans.stream().anyMatch(b -> b.ip().equals(Optional.of(normal)));
  }

  synchronized List<Ban> list(Instant now) {
    prune(now);
    return List.copyOf(bans);
  }

  boolean isExempt(InetAddress ip) {
    return ipExempt.test(ip);
  }

  private void prune(Instant now) {
    if (bans.removeIf(b -> b.isExpired(now))) {
      save();
    }
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    try {
      BanListFile.write(file.get(), bans);
    } catch (IOException e) {
      // The in-memory list stays authoritative; the next change retries the write.
      LOG.warn("could not write the ban list to {}", file.get(), e);
    }
  }
}
