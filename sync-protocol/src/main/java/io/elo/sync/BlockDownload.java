package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Severity;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainTip;
import io.elo.validation.InvalidReason;
import io.elo.validation.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel block download along the best header chain: a moving window of {@link
 * SyncConfig#downloadWindow()} blocks past the last block the tip shares with it, at most {@link
 * SyncConfig#maxBlocksInFlightPerPeer()} requests per peer, blocks handed to the chain writer as
 * they arrive (the chain state stores blocks whose headers it knows and connects them in order). A
 * peer that holds up the window's first block while the window is exhausted is dropped after the
 * adaptive stall timeout, and its requests go to others. Every method runs on the protocol thread,
 * except {@link #submitLocal} (any thread).
 */
final class BlockDownload {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDownload.class);

  /** A requested block. */
  private record InFlight(PeerState peer, long sentAt) {}

  private final SyncContext ctx;
  private final Consumer<Consumer<Outbox>> reenter;
  private final Map<Hash, InFlight> inFlight = new LinkedHashMap<>();
  private final Set<Hash> queued = new HashSet<>();
  private long stallTimeout;
  private boolean windowExhausted;
  private Hash windowFirst;
  /** The best header chain's hashes from height {@link #windowStart} on (see refreshWindow). */
  private final ArrayList<Hash> windowCache = new ArrayList<>();
  private int windowStart;
  private int firstHint;
  private int scanHint;
  private int hintFloor;
  /** The last window base (see {@link #windowBase}): its hash and height. */
  private Hash baseHash;
  private int baseHeight;
  private ChainTip forkTip;
  private ChainTip forkBest;
  private int fork;
  private HeaderSync headers;
  private CompactBlocks compact;

  BlockDownload(SyncContext ctx, Consumer<Consumer<Outbox>> reenter) {
    this.ctx = ctx;
    this.reenter = reenter;
    this.stallTimeout = ctx.config.stallTimeoutMin().toMillis();
  }

  void setHeaderSync(HeaderSync value) {
    this.headers = value;
  }

  void setCompactBlocks(CompactBlocks value) {
    this.compact = value;
  }

  int inFlightCount() {
    return inFlight.size();
  }

  int queuedCount() {
    return queued.size();
  }

  /** Whether the block waits for the chain writer. */
  boolean isQueued(Hash hash) {
    return queued.contains(hash);
  }

  /** The peer the block is requested from (or rebuilt with), or null. */
  PeerState inFlightPeer(Hash hash) {
    InFlight request = inFlight.get(hash);
    return request == null ? null : request.peer();
  }

  /** Counts the block as in flight from {@code p} (a compact block being rebuilt with it). */
  void markInFlight(PeerState p, Hash hash) {
    if (!inFlight.containsKey(hash)) {
      long now = ctx.now();
      inFlight.put(hash, new InFlight(p, now));
      p.download.requested.put(hash, now);
    }
  }

  /** {@code p} answered the request for {@code hash} (if it had one): the slot is free. */
  void answered(PeerState p, Hash hash) {
    InFlight request = inFlight.get(hash);
    if (request != null && request.peer() == p) {
      inFlight.remove(hash);
      p.download.requested.remove(hash);
      rescan();
    }
  }

  /** Asks {@code p} for the full block (compact relay's fallback). */
  void requestFull(PeerState p, Hash hash, Outbox out) {
    markInFlight(p, hash);
    out.send(p.peer, new ChainMessage.GetBlocks(List.of(hash), false));
  }

  /** The current stall timeout in milliseconds. */
  long stallTimeoutMillis() {
    return stallTimeout;
  }

  /** Requests what the window allows from every peer with free slots. */
  void assign(Outbox out) {
    ChainTip tip = ctx.chain.tip();
    ChainTip best = ctx.bestHeader();
    windowExhausted = false;
    windowFirst = null;
    if (!best.work().isGreaterThan(tip.work())) {
      return;
    }
    int fork = forkHeight(tip, best);
    int base = windowBase(best, fork);
    int end = Math.min(best.height().value(), base + ctx.config.downloadWindow());
    int max = ctx.config.maxBlocksInFlightPerPeer();
    refreshWindow(best, base + 1, end);
    if (base + 1 < hintFloor) {
      rescan(); // the tip moved back (a reorg): entries past the fork may need download again
    }
    hintFloor = base + 1;
    // Blocks below firstHint are queued or stored, below scanHint also in flight: neither scan
    // walks them again (the writer queue alone can hold a whole window of queued blocks).
    firstHint = Math.max(firstHint, base + 1);
    while (firstHint <= end && (ctx.needsNoDownload(windowHash(firstHint))
        || queued.contains(windowHash(firstHint)))) {
      firstHint++;
    }
    if (firstHint <= end) {
      windowFirst = windowHash(firstHint);
    }
    scanHint = Math.max(scanHint, firstHint);
    while (scanHint <= end && inFlight.containsKey(windowHash(scanHint))) {
      scanHint++;
    }
    for (PeerState p : ctx.peers.values()) {
      int free = max - p.download.requested.size();
      if (p.dropped || !p.statusReceived || free <= 0 || p.knownTip == null) {
        continue;
      }
      int has = Math.min(p.download.forkHeight(p.knownTip, best), end);
      List<Hash> ask = new ArrayList<>(free);
      for (int h = scanHint; h <= has && ask.size() < free; h++) {
        Hash hash = windowHash(h);
        if (!inFlight.containsKey(hash)
            && !queued.contains(hash)
            && !p.download.lacks(hash)
            && !ctx.needsNoDownload(hash)) {
          ask.add(hash);
        }
      }
      if (ask.isEmpty()) {
        windowExhausted |= end < best.height().value() && p.knownTip.height().value() > end;
        continue;
      }
      long now = ctx.now();
      for (Hash hash : ask) {
        inFlight.put(hash, new InFlight(p, now));
        p.download.requested.put(hash, now);
      }
      if (fork == tip.height().value()
          && base == fork
          && ask.get(0).equals(windowHash(fork + 1))) {
        // The tip's child: ask it as a compact block (low-bandwidth relay), the rest in full.
        out.send(p.peer, new ChainMessage.GetBlocks(List.of(ask.get(0)), true));
        ask = ask.subList(1, ask.size());
      }
      if (!ask.isEmpty()) {
        out.send(p.peer, new ChainMessage.GetBlocks(ask, false));
      }
    }
  }

  /**
   * Makes the window cache hold the best header chain's hashes at heights {@code from..to}.
   * Rebuilding all of it on every call cost one ancestor walk per entry (1,024 per arriving
   * block) and dominated sync CPU; the cache slides with the tip and grows with the headers, and
   * is rebuilt only when the best chain leaves it (a reorg of the header chain).
   */
  private void refreshWindow(ChainTip best, int from, int to) {
    int last = windowStart + windowCache.size() - 1;
    if (windowCache.isEmpty()
        || from < windowStart
        || from > last + 1
        || !best.ancestorHash(Height.of(last)).map(windowCache.get(last - windowStart)::equals)
            .orElse(false)) {
      windowCache.clear();
      windowStart = from;
      rescan(); // another best chain: the hints' heights mean other blocks now
    } else if (from > windowStart) {
      windowCache.subList(0, from - windowStart).clear();
      windowStart = from;
    }
    for (int h = windowStart + windowCache.size(); h <= to; h++) {
      windowCache.add(best.ancestorHash(Height.of(h)).orElseThrow());
    }
  }

  /** The height the tip shares with the best header chain; recomputed only when one moved. */
  private int forkHeight(ChainTip tip, ChainTip best) {
    if (tip != forkTip || best != forkBest) {
      fork = SyncContext.forkHeight(tip, best);
      forkTip = tip;
      forkBest = best;
    }
    return fork;
  }

  /** Something left the handled set (a request dropped, a queued block not stored): rescan. */
  private void rescan() {
    firstHint = 0;
    scanHint = 0;
  }

  private Hash windowHash(int height) {
    return windowCache.get(height - windowStart);
  }

  /**
   * The height the download window starts after: the last block the tip shares with the best
   * header chain, moved up over the blocks of that chain whose bodies are already stored (as
   * Bitcoin Core's last common block). Without this a fork deeper than the window could never be
   * downloaded: the tip stays on the old branch until the new one has more work, so a window
   * counted from the tip would end inside the new branch, fully stored and nothing left to ask.
   * The last base is remembered, so the walk is incremental.
   */
  private int windowBase(ChainTip best, int fork) {
    int base = fork;
    if (baseHash != null
        && baseHeight > fork
        && baseHeight <= best.height().value()
        && best.ancestorHash(Height.of(baseHeight)).orElseThrow().equals(baseHash)) {
      base = baseHeight;
    }
    while (base < best.height().value()) {
      Hash next = best.ancestorHash(Height.of(base + 1)).orElseThrow();
      if (!ctx.hasBody(next) || ctx.isInvalid(next)) {
        break;
      }
      base++;
    }
    baseHeight = base;
    baseHash = best.ancestorHash(Height.of(base)).orElseThrow();
    return base;
  }

  /** A block arrived from {@code p}, requested or not. */
  void onBlock(PeerState p, Block block, Outbox out) {
    Hash hash = block.hash();
    InFlight request = inFlight.get(hash);
    boolean requested = request != null && request.peer() == p;
    if (requested) {
      inFlight.remove(hash);
      p.download.requested.remove(hash);
    } else if (!p.download.takeUnrequestedToken(
        ctx.now(),
        ctx.config.unrequestedBlockBurst(),
        ctx.config.unrequestedBlockRefill().toMillis())) {
      out.penalize(p, Severity.MINOR, "unrequested block flood");
      return;
    }
    p.markKnown(hash);
    if (ctx.isInvalid(hash)) {
      // Only failures the hash commits to are remembered, so no honest node sends this block:
      // KNOWN_INVALID penalises like the fault it stands for (Bitcoin Core: cached invalid).
      out.penalize(p, Severity.SERIOUS, "block " + hash + " known to be invalid");
      return;
    }
    if (queued.contains(hash) || ctx.hasBody(hash)) {
      assign(out);
      return;
    }
    compact.relay.relayEarly(block, p, out);
    if (submit(p, block, null, true)) {
      queued.add(hash);
    } else {
      rescan();
    }
    assign(out);
  }

  /**
   * A block rebuilt from {@code p}'s compact block: submitted like a downloaded one, but a body
   * the chain state refuses is not penalised (BIP 152: compact blocks are relayed before full
   * validation; their header was checked).
   */
  void onReconstructed(PeerState p, Block block, Outbox out) {
    Hash hash = block.hash();
    answered(p, hash);
    if (!queued.contains(hash) && !ctx.hasBody(hash) && submit(p, block, null, false)) {
      queued.add(hash);
    }
    assign(out);
  }

  /** Submits a block of the local node (a producer or the embedding application). */
  void submitLocal(Block block, CompletableFuture<BlockSubmitResult> result) {
    if (!submit(null, block, result, true)) {
      result.completeExceptionally(
          new IllegalStateException("the chain writer queue is full or closed"));
    }
  }

  private boolean submit(
      PeerState p, Block block, CompletableFuture<BlockSubmitResult> future, boolean penalize) {
    int size = block.size();
    boolean accepted =
        ctx.writer.offer(
            new WriterQueue.Job() {
              @Override
              public long bytes() {
                return size;
              }

              @Override
              public void run() {
                BlockSubmitResult result;
                try {
                  result = ctx.chain.submitBlock(block);
                } catch (StoreException | RuntimeException e) {
                  LOG.error("chain state failed on block {}", block.hash(), e);
                  if (future != null) {
                    future.completeExceptionally(e);
                  }
                  reenter.accept(
                      o -> {
                        queued.remove(block.hash());
                        rescan();
                      });
                  return;
                }
                reenter.accept(o -> onSubmitted(p, block, result, penalize, o));
                if (future != null) {
                  future.complete(result);
                }
              }

              @Override
              public void cancel() {
                if (future != null) {
                  future.completeExceptionally(new IllegalStateException("chain protocol closed"));
                }
              }
            });
    if (!accepted && p != null) {
      LOG.debug("chain writer queue full: block {} from {} dropped", block.hash(), p);
    }
    return accepted;
  }

  private void onSubmitted(
      PeerState p, Block block, BlockSubmitResult result, boolean penalize, Outbox out) {
    Hash hash = block.hash();
    queued.remove(hash);
    if (!ctx.hasBody(hash)) {
      rescan();
    }
    if (result instanceof BlockSubmitResult.Connected
        || result instanceof BlockSubmitResult.SideChain) {
      ChainTip chain = ctx.chain.chain(hash).orElseThrow();
      ctx.noteHeaderChain(chain);
      if (p != null) {
        p.noteHas(chain);
        stallTimeout = Math.max(ctx.config.stallTimeoutMin().toMillis(), stallTimeout * 85 / 100);
        if (result instanceof BlockSubmitResult.Connected && !p.dropped) {
          compact.onConnectedFrom(p, out);
        }
      }
    } else if (result instanceof BlockSubmitResult.Orphan && p != null) {
      headers.requestFromBest(p, out); // unknown parent: find the gap with the sender
    } else if (result instanceof BlockSubmitResult.Ignored ignored
        && ignored.reason() == InvalidReason.TIME_TOO_NEW
        && p != null) {
      ctx.noteIfFuture(p, block.header()); // asked for again when due
    } else if (result instanceof BlockSubmitResult.Invalid invalid && p != null) {
      if (invalid.penalize() && penalize) {
        out.penalize(p, Severity.SERIOUS, "invalid block " + hash + ": " + invalid.reason());
      }
    }
    assign(out);
  }

  /** The peer does not have these blocks: ask others. */
  void onNotFound(PeerState p, List<Hash> hashes, Outbox out) {
    for (Hash hash : hashes) {
      InFlight request = inFlight.get(hash);
      if (request != null && request.peer() == p) {
        inFlight.remove(hash);
        p.download.requested.remove(hash);
      }
      p.download.markNotFound(hash);
      rescan();
    }
    assign(out);
  }

  /** Forgets the peer's requests so they go to others. */
  void release(PeerState p) {
    for (Hash hash : p.download.requested.keySet()) {
      inFlight.remove(hash);
    }
    p.download.requested.clear();
    rescan();
  }

  /** Timer: request timeouts and stalls. */
  void tick(Outbox out) {
    long now = ctx.now();
    long requestTimeout = ctx.config.blockRequestTimeout().toMillis();
    for (PeerState p : ctx.peers.values()) {
      if (p.dropped || p.download.requested.isEmpty()) {
        continue;
      }
      long oldest = p.download.requested.values().iterator().next();
      if (now - oldest > requestTimeout) {
        out.disconnect(p, DisconnectReason.TIMEOUT, "block request unanswered");
        release(p);
      }
    }
    assign(out);
    InFlight first = windowFirst == null ? null : inFlight.get(windowFirst);
    if (windowExhausted && first != null && now - first.sentAt() > stallTimeout) {
      PeerState staller = first.peer();
      out.disconnect(staller, DisconnectReason.TIMEOUT, "stalled block download");
      release(staller);
      stallTimeout = Math.min(stallTimeout * 2, ctx.config.stallTimeoutMax().toMillis());
      LOG.info("peer {} stalled the download window; stall timeout now {} ms", staller, stallTimeout);
      assign(out);
    }
  }
}
