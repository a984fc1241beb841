package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.validation.ChainTip;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol thread's side of the peers: their lifecycle, the dispatch of their decoded messages
 * to the parts of the protocol, and the announcement of new tips. Runs only on the protocol
 * thread (posted by the {@link MessageHandler}'s inboxes), so it takes no lock.
 */
final class PeerEvents {
  private static final Logger LOG = LoggerFactory.getLogger(PeerEvents.class);

  private final SyncContext ctx;
  private final HeaderSync headers;
  private final BlockDownload download;
  private final CompactBlocks compact;
  private final TxRelay relay;
  private final Consumer<Hash> announced;

  PeerEvents(
      SyncContext ctx,
      HeaderSync headers,
      BlockDownload download,
      CompactBlocks compact,
      TxRelay relay,
      Consumer<Hash> announced) {
    this.ctx = ctx;
    this.headers = headers;
    this.download = download;
    this.compact = compact;
    this.relay = relay;
    this.announced = announced;
  }

  void connected(Peer peer) {
    Outbox out = ctx.out;
    PeerState replaced = ctx.peers.get(peer.nodeId());
    if (replaced != null) {
      // A second connection to the same node won the duplicate rule: the network reports the
      // new one before the old one's disconnect, so the old state goes now.
      forget(replaced, out);
    }
    PeerState state =
        new PeerState(peer, ctx.nextPeerOrder(), ctx.config.unrequestedBlockBurst(), ctx.now());
    ctx.peers.put(peer.nodeId(), state);
    relay.peerConnected(state);
    ChainTip tip = ctx.chain.tip();
    out.send(
        peer,
        new ChainMessage.Status(
            ctx.params.genesisHash(), tip.hash(), tip.height().value(), tip.work()));
  }

  void gone(Peer peer) {
    PeerState state = ctx.peers.get(peer.nodeId());
    // Only this connection's state: after a duplicate was replaced, the node id maps to the
    // surviving connection, which must keep working.
    if (state != null && state.peer == peer) {
      forget(state, ctx.out);
    }
  }

  private void forget(PeerState state, Outbox out) {
    ctx.peers.remove(state.peer.nodeId());
    state.dropped = true;
    headers.release(state);
    download.release(state);
    compact.release(state);
    relay.peerGone(state, out);
  }

  /** A message of {@code peer}: a {@link ChainMessage} or a prepared {@link PartialBlock}. */
  void handle(Peer peer, Object message) {
    PeerState p = ctx.peers.get(peer.nodeId());
    if (p == null || p.dropped || p.peer != peer) {
      return;
    }
    Outbox out = ctx.out;
    if (message instanceof ChainMessage.Status s) {
      status(p, s, out);
    } else if (message instanceof ChainMessage.Headers h) {
      if (h.headers().size() <= ChainCodec.MAX_ANNOUNCED_HEADERS) {
        h.headers().forEach(header -> announced.accept(header.hash()));
      }
      headers.onHeaders(p, h.headers(), out);
    } else if (message instanceof ChainMessage.FullBlock b) {
      download.onBlock(p, b.block(), out);
    } else if (message instanceof ChainMessage.NotFound n) {
      compact.onNotFound(p, n.hashes());
      download.onNotFound(p, n.hashes(), out);
    } else if (message instanceof ChainMessage.SendCompact s) {
      compact.onSendCompact(p, s.highBandwidth());
    } else if (message instanceof PartialBlock partial) {
      announced.accept(partial.hash);
      compact.onCompactBlock(p, partial, out);
    } else if (message instanceof ChainMessage.BlockTxn t) {
      compact.onBlockTxn(p, t, out);
    } else if (message instanceof ChainMessage.InvTx i) {
      relay.onInv(p, i.wtxids(), out);
    } else if (message instanceof ChainMessage.Tx t) {
      relay.onTx(p, t.transaction(), out);
    } else if (message instanceof ChainMessage.NotFoundTx n) {
      relay.onNotFound(p, n.wtxids(), out);
    } else if (message instanceof ChainMessage.GetTx g) {
      relay.onGetTx(p, g.wtxids());
    } else {
      LOG.trace("unexpected message {}", message);
    }
  }

  private void status(PeerState p, ChainMessage.Status s, Outbox out) {
    if (!s.genesis().equals(ctx.params.genesisHash())) {
      out.disconnect(p, DisconnectReason.WRONG_NETWORK, "other genesis " + s.genesis());
      return;
    }
    p.statusReceived = true;
    p.statusBest = s.best();
    p.statusWork = s.work();
    p.chain.markKnown(s.best());
    ctx.chain.chain(s.best()).ifPresent(p.chain::noteHas);
    if (s.work().isGreaterThan(ctx.bestHeader().work())) {
      headers.requestFromBest(p, out);
    }
    ChainTip tip = ctx.chain.tip();
    if (tip.work().isGreaterThan(s.work())) {
      announceTo(p, tip, out); // tips announced before its status reached us
    }
    download.peerReady(p);
    relay.peerReady(p);
  }

  /**
   * Announces the tip to every peer not known to have it: the headers since the last block the
   * peer is known to have when that is at most {@value ChainCodec#MAX_ANNOUNCED_HEADERS} back,
   * else the tip's header alone (the peer then asks for the gap). Skipped while far behind the
   * best header.
   */
  void announceTip(Outbox out) {
    ChainTip tip = ctx.chain.tip();
    ChainTip best = ctx.bestHeader();
    if (best.height().value() - tip.height().value() > ChainCodec.MAX_ANNOUNCED_HEADERS) {
      LOG.debug("tip {} not announced: best header {} is far ahead", tip, best);
      return;
    }
    int told = 0;
    for (PeerState p : ctx.peers.values()) {
      told += announceTo(p, tip, out) ? 1 : 0;
    }
    LOG.debug("tip {} announced to {} of {} peers", tip.height(), told, ctx.peers.size());
  }

  private boolean announceTo(PeerState p, ChainTip tip, Outbox out) {
    if (p.dropped || !p.statusReceived || p.chain.knows(tip.hash())) {
      return false;
    }
    List<BlockHeader> announce = new ArrayList<>();
    ChainTip known = p.chain.tip();
    int gap = known == null ? -1 : tip.height().value() - known.height().value();
    if (gap > 0
        && gap <= ChainCodec.MAX_ANNOUNCED_HEADERS
        && tip.ancestorHash(known.height()).orElseThrow().equals(known.hash())) {
      for (int h = known.height().value() + 1; h <= tip.height().value(); h++) {
        announce.add(tip.ancestor(Height.of(h)).orElseThrow());
      }
    } else {
      announce.add(tip.header());
    }
    if (compact.wantsHighBandwidth(p) && (gap == 1 || p.chain.knows(tip.header().previousHash()))) {
      Optional<io.elo.model.Block> block = compact.relay.block(tip.hash());
      if (block.isPresent() && compact.relay.push(p, block.get(), out)) {
        return true; // high-bandwidth peer: the compact block is the announcement
      }
    }
    p.chain.markKnown(tip.hash());
    out.send(p.peer, new ChainMessage.Headers(announce));
    return true;
  }
}
