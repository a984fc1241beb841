package io.elo.examples.internal.cli;

import io.elo.node.BlockArrival;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.node.NodeListener;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.sync.SyncStatus;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The node's console story: one line per new block while in sync, and while catching up a
 * progress line per tick (height, best header, percent, blocks per second, ETA) instead.
 */
final class SyncProgress implements NodeListener {
  private final Node node;
  private final Logger log;
  private long lastTickMillis = System.currentTimeMillis();
  private int lastTickHeight;
  private volatile boolean syncing;

  SyncProgress(Node node, Logger log) {
    this.node = node;
    this.log = log;
    this.lastTickHeight = node.tip().height().value();
  }

  /** Whether the node is more than the production lag behind its best header. */
  private static boolean behind(SyncStatus status) {
    return status.bestHeaderHeight().value() - status.tipHeight().value()
        > NodeBuilder.DEFAULT_PRODUCTION_MAX_LAG;
  }

  @Override
  public void blockArrived(BlockArrival a) {
    if (syncing) {
      return;
    }
    log.info(
        "block {} {} {}",
        a.height().value(),
        a.hash().toHex().substring(0, 16),
        a.source() == BlockArrival.Source.LOCAL ? "(ours)" : "");
  }

  @Override
  public void peerConnected(Peer peer) {
    log.info("peer connected: {} ({} peers)", peer, node.peers().size());
  }

  @Override
  public void peerDisconnected(Peer peer, DisconnectReason reason) {
    log.info("peer disconnected: {} ({})", peer, reason);
  }

  /** Called every interval: a progress line while syncing, a summary when sync ends. */
  synchronized void tick() {
    SyncStatus status = node.syncStatus();
    long now = System.currentTimeMillis();
    int height = status.tipHeight().value();
    int best = status.bestHeaderHeight().value();
    double seconds = Math.max(0.001, (now - lastTickMillis) / 1000.0);
    double rate = (height - lastTickHeight) / seconds;
    lastTickMillis = now;
    lastTickHeight = height;
    if (behind(status)) {
      syncing = true;
      log.info(
          "sync: height {} of {} ({}%), {} blocks/s, {} peers, ETA {}",
          height,
          best,
          best == 0 ? 100 : height * 100L / best,
          String.format("%.1f", rate),
          status.peers(),
          eta(best - height, rate));
    } else if (syncing) {
      syncing = false;
      log.info("sync: caught up at height {}", height);
    }
  }

  static String eta(int remaining, double rate) {
    if (rate <= 0) {
      return "unknown";
    }
    Duration d = Duration.ofSeconds((long) Math.ceil(remaining / rate));
    return d.toHours() > 0
        ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
