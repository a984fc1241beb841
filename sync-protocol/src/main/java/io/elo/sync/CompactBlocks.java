package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.mempool.MempoolEntry;
import io.elo.mempool.MempoolListener;
import io.elo.mempool.RemovalReason;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receiving side of compact block relay (BIP 152): rebuilds blocks from compact blocks with the
 * mempool and the {@link ExtraPool}, asks missing transactions with GetBlockTxn, falls back to the
 * full block on a short-id collision, a Merkle mismatch, a bound or a timeout (never penalising
 * those), chooses the high-bandwidth peers and counts what happened. A block being rebuilt counts
 * as in flight from its peer in the {@link BlockDownload}, and a rebuilt block goes through the
 * download's chain-writer path. Methods run on the protocol thread except {@link #prepare}, which
 * reads the pools on the I/O thread, and {@link #rememberExtra} (any thread).
 */
final class CompactBlocks {
  private final SyncContext ctx;
  private final BlockDownload download;
  private final HeaderSync headers;
  private final CompactBlockConfig config;
  final CompactRelay relay;
  final ExtraPool extra;
  final HighBandwidthPeers highBandwidth;
  private final Map<Hash, PartialBlock> partials = new LinkedHashMap<>();
  private long partialBytes;
  private long received;
  private long reconstructed;
  private long neededBlockTxn;
  private long fellBack;

  /** Feeds the extra pool with what leaves the mempool but may still be mined. */
  final MempoolListener mempoolListener =
      new MempoolListener() {
        @Override
        public void transactionRemoved(Transaction tx, RemovalReason reason) {
          if (reason == RemovalReason.REPLACED
              || reason == RemovalReason.SIZE_LIMIT
              || reason == RemovalReason.EXPIRED) {
            extra.add(tx);
          }
        }
      };

  CompactBlocks(SyncContext ctx, BlockDownload download, HeaderSync headers) {
    this.ctx = ctx;
    this.download = download;
    this.headers = headers;
    this.config = ctx.config.compactBlocks();
    this.relay = new CompactRelay(ctx);
    this.extra = new ExtraPool(config.extraTransactions(), config.extraTransactionBytes());
    this.highBandwidth = new HighBandwidthPeers(config.highBandwidthPeers());
  }

  /**
   * Remembers a transaction a miner may include although the mempool does not hold it (an orphan or
   * a refused transaction, from transaction relay). Thread-safe.
   */
  void rememberExtra(Transaction tx) {
    extra.add(tx);
  }

  /** On the I/O thread: the partial block of {@code compact}, filled from the pools. */
  PartialBlock prepare(ChainMessage.CompactBlock compact) {
    PartialBlock partial = new PartialBlock(compact);
    if (!partial.hasDuplicateIds() && !partial.isComplete() && !ctx.hasBody(partial.hash)) {
      List<MempoolEntry> entries = ctx.mempool.entries();
      List<Transaction> pool = new ArrayList<>(entries.size());
      entries.forEach(e -> pool.add(e.transaction()));
      partial.offer(pool);
      partial.offer(extra.snapshot());
    }
    return partial;
  }

  /** Whether the peer asked for compact blocks pushed before validation. */
  boolean wantsHighBandwidth(PeerState p) {
    return relay.wantsHighBandwidth(p);
  }

  /** The peer told us how it wants new blocks announced. */
  void onSendCompact(PeerState p, boolean highBandwidthWanted) {
    relay.setHighBandwidth(p, highBandwidthWanted);
  }

  /** A compact block arrived from {@code p}, pushed (high bandwidth) or asked for. */
  void onCompactBlock(PeerState p, PartialBlock partial, Outbox out) {
    Hash hash = partial.hash;
    if (ctx.hasBody(hash) || download.isQueued(hash)) {
      p.chain.markKnown(hash);
      download.answered(p, hash); // an answer to our request, arriving after another copy
      return;
    }
    switch (relay.check(partial.compact.header())) {
      case UNKNOWN_PARENT -> {
        headers.requestFromBest(p, out); // as for an announced header after a gap
        return;
      }
      case INVALID -> {
        out.penalize(p, Severity.SERIOUS, "compact block " + hash + " with an invalid header");
        return;
      }
      case NOT_NOW -> {
        headers.noteIfFuture(p, partial.compact.header()); // from the future: asked for when due
        return;
      }
      case VALID -> {}
    }
    PeerState holder = download.inFlightPeer(hash);
    if (holder != p
        && !highBandwidth.contains(p)
        && !p.download.takeUnrequestedToken(
            ctx.now(),
            ctx.config.unrequestedBlockBurst(),
            ctx.config.unrequestedBlockRefill().toMillis())) {
      out.penalize(p, Severity.MINOR, "unrequested compact block flood");
      return;
    }
    p.chain.markKnown(hash);
    received++;
    if (partials.containsKey(hash) || (holder != null && holder != p)) {
      // Another peer is delivering this block: use this copy only if it rebuilds at once.
      Optional<Block> block = partial.build();
      if (block.isPresent()) {
        reconstructed++;
        deliver(p, block.get(), out);
      }
      return;
    }
    if (partial.hasDuplicateIds()) {
      fallBack(p, hash, out);
    } else if (partial.isComplete()) {
      Optional<Block> block = partial.build();
      if (block.isPresent()) {
        reconstructed++;
        deliver(p, block.get(), out);
      } else {
        fallBack(p, hash, out);
      }
    } else if (partialsOf(p) >= config.maxPartialBlocksPerPeer()
        || partials.size() >= config.maxPartialBlocks()
        || partialBytes + partial.bytes() > config.maxPartialBlockBytes()) {
      fallBack(p, hash, out);
    } else {
      partial.peer = p;
      partial.requestedAt = ctx.now();
      partial.requested = partial.missing();
      partials.put(hash, partial);
      partialBytes += partial.bytes();
      download.markInFlight(p, hash);
      neededBlockTxn++;
      out.send(p.peer, new ChainMessage.GetBlockTxn(hash, partial.requested));
    }
  }

  /** The missing transactions of a block arrived from {@code p}. */
  void onBlockTxn(PeerState p, ChainMessage.BlockTxn reply, Outbox out) {
    Hash hash = reply.blockHash();
    PartialBlock partial = partials.get(hash);
    if (partial == null || partial.peer != p) {
      if (download.inFlightPeer(hash) != p && !ctx.hasBody(hash) && !download.isQueued(hash)) {
        out.penalize(p, Severity.MINOR, "BlockTxn for block " + hash + " not asked");
      } // else a late answer after we fell back to the full block: ignored
      return;
    }
    remove(hash);
    if (!partial.fillRequested(reply.transactions())) {
      out.penalize(
          p,
          Severity.SERIOUS,
          "BlockTxn with " + reply.transactions().size() + " of " + partial.requested.length);
      return;
    }
    Optional<Block> block = partial.build();
    if (block.isPresent()) {
      deliver(p, block.get(), out);
    } else {
      fallBack(p, hash, out);
    }
  }

  /** The peer does not have these blocks: forget what we were rebuilding from it. */
  void onNotFound(PeerState p, List<Hash> hashes) {
    for (Hash hash : hashes) {
      PartialBlock partial = partials.get(hash);
      if (partial != null && partial.peer == p) {
        remove(hash);
      }
    }
  }

  /** A block {@code p} delivered first was connected: promote it to high bandwidth. */
  void onConnectedFrom(PeerState p, Outbox out) {
    int behind = ctx.bestHeader().height().value() - ctx.chain.tip().height().value();
    if (behind <= ChainCodec.MAX_ANNOUNCED_HEADERS) { // not during initial sync
      highBandwidth.deliveredFirst(p, out);
    }
  }

  /** The peer is gone. */
  void release(PeerState p) {
    partials.values().removeIf(partial -> partial.peer == p && forget(partial));
    highBandwidth.remove(p);
    relay.setHighBandwidth(p, false);
  }

  /** Timer: late BlockTxn answers fall back to the full block; stale partial blocks go. */
  void tick(Outbox out) {
    long now = ctx.now();
    long timeout = config.partialBlockTimeout().toMillis();
    List<PartialBlock> late = new ArrayList<>();
    for (Iterator<PartialBlock> it = partials.values().iterator(); it.hasNext(); ) {
      PartialBlock partial = it.next();
      if (partial.peer.dropped || ctx.hasBody(partial.hash)) {
        forget(partial);
        it.remove();
      } else if (now - partial.requestedAt > timeout) {
        late.add(partial);
      }
    }
    for (PartialBlock partial : late) {
      fallBack(partial.peer, partial.hash, out);
    }
  }

  CompactBlockStats stats() {
    return new CompactBlockStats(received, reconstructed, neededBlockTxn, fellBack);
  }

  int partialCount() {
    return partials.size();
  }

  private void deliver(PeerState p, Block block, Outbox out) {
    remove(block.hash());
    relay.relayEarly(block, p, out);
    download.onReconstructed(p, block, out);
  }

  private void fallBack(PeerState p, Hash hash, Outbox out) {
    fellBack++;
    remove(hash);
    download.requestFull(p, hash, out);
  }

  private int partialsOf(PeerState p) {
    int n = 0;
    for (PartialBlock partial : partials.values()) {
      n += partial.peer == p ? 1 : 0;
    }
    return n;
  }

  private void remove(Hash hash) {
    PartialBlock partial = partials.remove(hash);
    if (partial != null) {
      forget(partial);
    }
  }

  private boolean forget(PartialBlock partial) {
    partialBytes -= partial.bytes();
    return true;
  }
}
