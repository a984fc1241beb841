package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Severity;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainTip;
import io.elo.validation.InvalidReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel block download along the best header chain: a moving {@link DownloadWindow} of {@link
 * SyncConfig#downloadWindow()} blocks past the last block the tip shares with it, at most {@link
 * SyncConfig#maxBlocksInFlightPerPeer()} requests per peer, blocks handed to the chain writer as
 * they arrive (the chain state stores blocks whose headers it knows and connects them in order). A
 * peer that holds up the window's first block while the window is exhausted is dropped after the
 * adaptive stall timeout, and its requests go to others.
 *
 * <p>Requests are assigned once per turn of the protocol thread ({@link #assign} asks for it,
 * {@link #afterTurn} does it): the slots freed by all the blocks of a turn go out in one GetBlocks
 * per peer. Assignment visits only peers with free slots, and scans the window from hints past
 * the blocks already handled. Blocks are requested only while the chain writer's queue has room
 * for every block in flight (back-pressure: a full writer stops the download instead of dropping
 * blocks). Every method runs on the protocol thread, except {@link #submitLocal} (any thread).
 */
final class BlockDownload {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDownload.class);

  /** A requested block. */
  private record InFlight(PeerState peer, long sentAt) {}

  private final SyncContext ctx;
  private final Consumer<Consumer<Outbox>> reenter;
  private final Map<Hash, InFlight> inFlight = new LinkedHashMap<>();
  /** Blocks handed to the chain writer and not yet answered: hash to size. */
  private final Map<Hash, Integer> queued = new HashMap<>();
  private long queuedBytes;
  /** Peers with free request slots, in connect order: the only ones assignment visits. */
  private final TreeSet<PeerState> withRoom =
      new TreeSet<>(Comparator.comparingLong((PeerState p) -> p.order));
  private final DownloadWindow window;
  private long stallTimeout;
  private boolean windowExhausted;
  private boolean assignPending;
  private Hash windowFirst;
  private HeaderSync headers;
  private CompactBlocks compact;

  BlockDownload(SyncContext ctx, Consumer<Consumer<Outbox>> reenter) {
    this.ctx = ctx;
    this.reenter = reenter;
    this.window = new DownloadWindow(ctx);
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
    return queued.containsKey(hash);
  }

  /** The peer the block is requested from (or rebuilt with), or null. */
  PeerState inFlightPeer(Hash hash) {
    InFlight request = inFlight.get(hash);
    return request == null ? null : request.peer();
  }

  /** The peer's status arrived: it may be asked for blocks. */
  void peerReady(PeerState p) {
    track(p);
    assign();
  }

  /** Counts the block as in flight from {@code p} (a compact block being rebuilt with it). */
  void markInFlight(PeerState p, Hash hash) {
    if (!inFlight.containsKey(hash)) {
      long now = ctx.now();
      inFlight.put(hash, new InFlight(p, now));
      p.download.requested.put(hash, now);
      track(p);
    }
  }

  /** {@code p} answered the request for {@code hash} (if it had one): the slot is free. */
  void answered(PeerState p, Hash hash) {
    if (release(p, hash)) {
      window.rescan();
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

  /** Requests what the window allows, at the end of this turn of the protocol thread. */
  void assign() {
    assignPending = true;
  }

  /** After each turn of the protocol thread: the assignment the turn asked for, once. */
  void afterTurn(Outbox out) {
    if (assignPending) {
      assignNow(out);
    }
  }

  /** Requests what the window and the writer's room allow from the peers with free slots. */
  private void assignNow(Outbox out) {
    assignPending = false;
    windowExhausted = false;
    windowFirst = null;
    ChainTip tip = ctx.chain.tip();
    ChainTip best = ctx.bestHeader();
    if (!window.update(tip, best)) {
      return;
    }
    windowFirst = window.advance(queued::containsKey, inFlight::containsKey);
    int end = window.end();
    int room = writerRoom();
    if (room <= 0) {
      return; // back-pressure: the writer's queue must drain first (no stall either)
    }
    boolean windowShort = end < best.height().value();
    for (PeerState p : new ArrayList<>(withRoom)) {
      if (room <= 0) {
        break;
      }
      if (p.dropped || p.chain.tip() == null) {
        continue;
      }
      int free = Math.min(room, ctx.config.maxBlocksInFlightPerPeer() - p.download.requested.size());
      int has = Math.min(p.download.forkHeight(p.chain.tip(), best), end);
      List<Hash> ask = new ArrayList<>(free);
      for (int h = window.scanFrom(); h <= has && ask.size() < free; h++) {
        Hash hash = window.hash(h);
        if (!inFlight.containsKey(hash)
            && !queued.containsKey(hash)
            && !p.download.lacks(hash)
            && !ctx.needsNoDownload(hash)) {
          ask.add(hash);
        }
      }
      if (ask.isEmpty()) {
        windowExhausted |= windowShort && p.chain.tip().height().value() > end;
        continue;
      }
      room -= ask.size();
      send(p, ask, out);
    }
  }

  private void send(PeerState p, List<Hash> ask, Outbox out) {
    long now = ctx.now();
    for (Hash hash : ask) {
      inFlight.put(hash, new InFlight(p, now));
      p.download.requested.put(hash, now);
    }
    track(p);
    int fork = window.fork();
    if (fork == ctx.chain.tip().height().value()
        && window.base() == fork
        && ask.get(0).equals(window.hash(fork + 1))) {
      // The tip's child: ask it as a compact block (low-bandwidth relay), the rest in full.
      out.send(p.peer, new ChainMessage.GetBlocks(List.of(ask.get(0)), true));
      ask = ask.subList(1, ask.size());
    }
    if (!ask.isEmpty()) {
      out.send(p.peer, new ChainMessage.GetBlocks(List.copyOf(ask), false));
    }
  }

  /**
   * Blocks that may be requested now: the writer queue's job bound less the blocks waiting for
   * it and those in flight, so every block asked for finds room when it arrives; none while the
   * queued blocks hold more than half its byte bound (the other half is for what is in flight).
   */
  private int writerRoom() {
    if (queuedBytes > ctx.config.writerQueueBytes() / 2) {
      return 0;
    }
    return ctx.config.writerQueueJobs() - queued.size() - inFlight.size();
  }

  /** Keeps {@link #withRoom} right for {@code p} after its requests changed. */
  private void track(PeerState p) {
    if (!p.dropped
        && p.statusReceived
        && p.download.requested.size() < ctx.config.maxBlocksInFlightPerPeer()) {
      withRoom.add(p);
    } else {
      withRoom.remove(p);
    }
  }

  /** Frees {@code p}'s request for {@code hash}, if it holds it; true if it did. */
  private boolean release(PeerState p, Hash hash) {
    InFlight request = inFlight.get(hash);
    if (request == null || request.peer() != p) {
      return false;
    }
    inFlight.remove(hash);
    p.download.requested.remove(hash);
    track(p);
    assign();
    return true;
  }

  private void enqueued(Hash hash, int size) {
    if (queued.put(hash, size) == null) {
      queuedBytes += size;
    }
  }

  private void dequeued(Hash hash) {
    Integer size = queued.remove(hash);
    if (size != null) {
      queuedBytes -= size;
      assign(); // room in the writer's queue
    }
  }

  /** A block arrived from {@code p}, requested or not. */
  void onBlock(PeerState p, Block block, Outbox out) {
    Hash hash = block.hash();
    boolean requested = release(p, hash);
    if (!requested && !p.download.takeUnrequestedToken(
        ctx.now(),
        ctx.config.unrequestedBlockBurst(),
        ctx.config.unrequestedBlockRefill().toMillis())) {
      out.penalize(p, Severity.MINOR, "unrequested block flood");
      return;
    }
    p.chain.markKnown(hash);
    if (ctx.isInvalid(hash)) {
      // Only failures the hash commits to are remembered, so no honest node sends this block:
      // KNOWN_INVALID penalises like the fault it stands for (Bitcoin Core: cached invalid).
      out.penalize(p, Severity.SERIOUS, "block " + hash + " known to be invalid");
      return;
    }
    if (queued.containsKey(hash) || ctx.hasBody(hash)) {
      return;
    }
    compact.relay.relayEarly(block, p, out);
    if (submit(p, block, null, true)) {
      enqueued(hash, block.size());
    } else {
      window.rescan(); // dropped (the writer's room was taken by unrequested work): ask again
    }
  }

  /**
   * A block rebuilt from {@code p}'s compact block: submitted like a downloaded one, but a body
   * the chain state refuses is not penalised (BIP 152: compact blocks are relayed before full
   * validation; their header was checked).
   */
  void onReconstructed(PeerState p, Block block, Outbox out) {
    Hash hash = block.hash();
    answered(p, hash);
    if (!queued.containsKey(hash) && !ctx.hasBody(hash) && submit(p, block, null, false)) {
      enqueued(hash, block.size());
    }
    assign();
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
    Hash hash = block.hash();
    boolean accepted =
        ctx.writer.offer(
            new BlockJob(
                ctx.chain,
                block,
                future,
                result -> reenter.accept(o -> onSubmitted(p, block, result, penalize, o)),
                () ->
                    reenter.accept(
                        o -> {
                          dequeued(hash);
                          window.rescan();
                        })));
    if (!accepted && p != null) {
      LOG.debug("chain writer queue full: block {} from {} dropped", hash, p);
    }
    return accepted;
  }

  private void onSubmitted(
      PeerState p, Block block, BlockSubmitResult result, boolean penalize, Outbox out) {
    Hash hash = block.hash();
    dequeued(hash);
    if (!ctx.hasBody(hash)) {
      window.rescan();
    }
    if (result instanceof BlockSubmitResult.Connected
        || result instanceof BlockSubmitResult.SideChain) {
      ChainTip chain = ctx.chain.chain(hash).orElseThrow();
      ctx.noteHeaderChain(chain);
      if (p != null) {
        p.chain.noteHas(chain);
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
      headers.noteIfFuture(p, block.header()); // asked for again when due
    } else if (result instanceof BlockSubmitResult.Invalid invalid && p != null) {
      if (invalid.penalize() && penalize) {
        out.penalize(p, Severity.SERIOUS, "invalid block " + hash + ": " + invalid.reason());
      }
    }
  }

  /** The peer does not have these blocks: ask others. */
  void onNotFound(PeerState p, List<Hash> hashes, Outbox out) {
    for (Hash hash : hashes) {
      release(p, hash);
      p.download.markNotFound(hash);
    }
    window.rescan();
    assign();
  }

  /** Forgets the peer's requests so they go to others. */
  void release(PeerState p) {
    for (Hash hash : p.download.requested.keySet()) {
      inFlight.remove(hash);
    }
    p.download.requested.clear();
    track(p);
    window.rescan();
    assign();
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
    assignNow(out);
    InFlight first = windowFirst == null ? null : inFlight.get(windowFirst);
    if (windowExhausted && first != null && now - first.sentAt() > stallTimeout) {
      PeerState staller = first.peer();
      out.disconnect(staller, DisconnectReason.TIMEOUT, "stalled block download");
      release(staller);
      stallTimeout = Math.min(stallTimeout * 2, ctx.config.stallTimeoutMax().toMillis());
      LOG.info("peer {} stalled the download window; stall timeout now {} ms", staller, stallTimeout);
      assignNow(out);
    }
  }
}
