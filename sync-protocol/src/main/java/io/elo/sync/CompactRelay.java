package io.elo.sync;

import io.elo.consensus.RuleResult;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import io.elo.p2p.Peer;
import io.elo.p2p.Severity;
import io.elo.validation.ChainTip;
import io.elo.validation.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of compact block relay: pushes compact blocks to peers that asked for
 * high-bandwidth relay (before full validation, once the header and its proof of work or seal
 * check), answers compact GetBlocks and GetBlockTxn, and keeps the recent blocks those need before
 * (or after) the chain state stores them.
 */
final class CompactRelay {
  private static final Logger LOG = LoggerFactory.getLogger(CompactRelay.class);

  /** The outcome of the cheap header check done before relaying or rebuilding. */
  enum HeaderCheck {
    VALID,
    UNKNOWN_PARENT,
    /** The header is from the future or its parent is invalid: no relay, no penalty. */
    NOT_NOW,
    INVALID
  }

  private final SyncContext ctx;
  private final int maxRecent;
  private final long maxRecentBytes;
  private final Map<Hash, Block> recent = new LinkedHashMap<>();
  /** Peers that asked for high-bandwidth relay (SendCompact true), in the order they asked. */
  private final Set<PeerState> pushTo = new LinkedHashSet<>();
  private long recentBytes;

  CompactRelay(SyncContext ctx) {
    this.ctx = ctx;
    this.maxRecent = ctx.config.compactBlocks().recentBlocks();
    this.maxRecentBytes = ctx.config.compactBlocks().recentBlockBytes();
  }

  /**
   * Checks what can be checked of {@code header} without its body: a known, valid parent, the
   * target or seal (the consensus rules) and the timestamp against the parent's median time past
   * and the clock.
   */
  HeaderCheck check(BlockHeader header) {
    Optional<ChainTip> parent = ctx.chain.chain(header.previousHash());
    if (parent.isEmpty()) {
      return HeaderCheck.UNKNOWN_PARENT;
    }
    if (ctx.isInvalid(parent.get().hash())) {
      return HeaderCheck.NOT_NOW;
    }
    RuleResult rules = ctx.rules.checkHeader(header, parent.get());
    if (!rules.isValid() || header.timestamp() <= parent.get().medianTimePast()) {
      return HeaderCheck.INVALID;
    }
    long drift = ctx.params.maxFutureDrift().toSeconds();
    return header.timestamp() > ctx.clock.instant().getEpochSecond() + drift
        ? HeaderCheck.NOT_NOW
        : HeaderCheck.VALID;
  }

  /**
   * Pushes {@code block}, received from {@code from}, to every peer that asked for high-bandwidth
   * relay when it extends our tip and its header checks: before the chain writer validated it, as
   * BIP 152 allows (receivers never penalise a body fault of a compact block). On the protocol
   * thread.
   */
  void relayEarly(Block block, PeerState from, Outbox out) {
    if (!block.header().previousHash().equals(ctx.chain.tip().hash())
        || check(block.header()) != HeaderCheck.VALID) {
      return;
    }
    remember(block);
    for (PeerState p : pushTo) {
      if (p != from) {
        push(p, block, out);
      }
    }
  }

  /** Whether {@code p} asked for compact blocks pushed before validation. Protocol thread. */
  boolean wantsHighBandwidth(PeerState p) {
    return pushTo.contains(p);
  }

  /** {@code p} asked for (or no longer wants) high-bandwidth pushes. Protocol thread. */
  void setHighBandwidth(PeerState p, boolean wanted) {
    if (wanted) {
      pushTo.add(p);
    } else {
      pushTo.remove(p);
    }
  }

  /** Sends {@code p} the compact block of {@code block} unless it knows it. Protocol thread. */
  boolean push(PeerState p, Block block, Outbox out) {
    if (p.dropped || !p.statusReceived || p.chain.knows(block.hash())) {
      return false;
    }
    p.chain.markKnown(block.hash());
    out.send(p.peer, CompactCodec.of(block, ctx.random.nextLong()));
    return true;
  }

  /** Keeps {@code block} for GetBlockTxn; the oldest is forgotten past the bounds. */
  synchronized void remember(Block block) {
    if (recent.containsKey(block.hash()) || block.size() > maxRecentBytes) {
      return;
    }
    recent.put(block.hash(), block);
    recentBytes += block.size();
    Iterator<Block> oldest = recent.values().iterator();
    while (recent.size() > maxRecent || recentBytes > maxRecentBytes) {
      recentBytes -= oldest.next().size();
      oldest.remove();
    }
  }

  /** A recent block, else a stored one. */
  Optional<Block> block(Hash hash) {
    synchronized (this) {
      Block block = recent.get(hash);
      if (block != null) {
        return Optional.of(block);
      }
    }
    try {
      return ctx.chain.block(hash);
    } catch (StoreException e) {
      LOG.warn("block store failed reading {}", hash, e);
      return Optional.empty();
    }
  }

  /**
   * Answers GetBlocks with {@code compact} set: a CompactBlock per known block, NotFound else.
   * Returns the cost: per block the larger of the block read and the compact block sent.
   */
  long serveCompact(Peer peer, List<Hash> hashes) {
    long cost = 0;
    List<Hash> missing = new ArrayList<>();
    for (Hash hash : hashes) {
      Optional<Block> block = block(hash);
      if (block.isPresent()) {
        byte[] reply = ChainCodec.encode(CompactCodec.of(block.get(), ctx.random.nextLong()));
        cost += Math.max(block.get().size(), ctx.counters.reply(peer, reply));
      } else {
        missing.add(hash);
      }
    }
    if (!missing.isEmpty()) {
      cost += ctx.counters.reply(peer, ChainCodec.encode(new ChainMessage.NotFound(missing)));
    }
    return cost;
  }

  /**
   * Answers GetBlockTxn with BlockTxn, or NotFound for a block we do not have. Returns the cost:
   * the larger of the block read and the answer sent.
   *
   * @throws ProtocolViolation {@code SERIOUS} for an index past the block's transactions
   */
  long serveBlockTxn(Peer peer, ChainMessage.GetBlockTxn request) throws ProtocolViolation {
    Optional<Block> block = block(request.blockHash());
    if (block.isEmpty()) {
      return ctx.counters.reply(
          peer, ChainCodec.encode(new ChainMessage.NotFound(List.of(request.blockHash()))));
    }
    List<Transaction> txs = block.get().transactions();
    List<Transaction> reply = new ArrayList<>(request.indexCount());
    for (int i = 0; i < request.indexCount(); i++) {
      int index = request.index(i);
      if (index >= txs.size()) {
        throw new ProtocolViolation(
            Severity.SERIOUS, "GetBlockTxn index " + index + " past " + txs.size() + " txs");
      }
      reply.add(txs.get(index));
    }
    int sent =
        ctx.counters.reply(
            peer, ChainCodec.encode(new ChainMessage.BlockTxn(request.blockHash(), reply)));
    return Math.max(block.get().size(), sent);
  }
}
