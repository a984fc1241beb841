package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.Status;
import io.elo.validation.ChainTip;
import io.elo.validation.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol handler registered on the peer network: peer lifecycle, message dispatch, serving
 * headers and blocks to peers, and announcing new tips. Requests go through the {@link
 * RequestThrottle} and are served without the lock (they read the chain state's lock-free
 * snapshots), except GetTx, which reads the peer's relay state; state changes take it.
 */
final class MessageHandler implements ProtocolHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);

  private final SyncContext ctx;
  private final HeaderSync headers;
  private final BlockDownload download;
  private final CompactBlocks compact;
  private final TxRelay relay;
  private final RequestThrottle throttle;
  private final Consumer<Consumer<Outbox>> locked;

  MessageHandler(
      SyncContext ctx,
      HeaderSync headers,
      BlockDownload download,
      CompactBlocks compact,
      TxRelay relay,
      RequestThrottle throttle,
      Consumer<Consumer<Outbox>> locked) {
    this.ctx = ctx;
    this.headers = headers;
    this.download = download;
    this.compact = compact;
    this.relay = relay;
    this.throttle = throttle;
    this.locked = locked;
  }

  @Override
  public void onPeerConnected(Peer peer) {
    if (!peer.supports(ChainProtocol.ID)) {
      return;
    }
    locked.accept(
        out -> {
          PeerState replaced = ctx.peers.get(peer.nodeId());
          if (replaced != null) {
            // A second connection to the same node won the duplicate rule: the network reports
            // the new one before the old one's disconnect, so the old state goes now.
            forget(replaced, out);
          }
          PeerState state =
              new PeerState(
                  peer, ctx.nextPeerOrder(), ctx.config.unrequestedBlockBurst(), ctx.now());
          ctx.peers.put(peer.nodeId(), state);
          throttle.connected(peer);
          relay.peerConnected(state);
          out.send(peer, Wire.status(ctx.params.genesisHash(), ctx.chain.tip()));
        });
  }

  @Override
  public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
    locked.accept(
        out -> {
          PeerState state = ctx.peers.get(peer.nodeId());
          // Only this connection's state: after a duplicate was replaced, the node id maps to
          // the surviving connection, which must keep working.
          if (state != null && state.peer == peer) {
            forget(state, out);
          }
        });
  }

  private void forget(PeerState state, Outbox out) {
    ctx.peers.remove(state.peer.nodeId());
    state.dropped = true;
    throttle.gone(state.peer);
    download.release(state);
    compact.release(state);
    download.assign(out);
    relay.peerGone(state, out);
  }

  @Override
  public void onMessage(Peer peer, byte[] payload) {
    ctx.counters.received(payload);
    ChainMessage message;
    try {
      message = Wire.parse(payload);
      switch (message.getKindCase()) {
        case GET_HEADERS, GET_BLOCKS, GET_BLOCK_TXN, GET_TX -> request(peer, message);
        case KIND_NOT_SET -> LOG.trace("unknown chain message kind from {}", peer.nodeId());
        default -> handle(peer, message);
      }
    } catch (ProtocolViolation v) {
      LOG.debug("peer {} broke the chain protocol: {}", peer.nodeId(), v.getMessage());
      peer.reportMisbehaviour(v.severity(), v.getMessage());
    }
  }

  /** Decodes a request (a malformed one breaks the protocol at once) and hands it to the limits. */
  private void request(Peer peer, ChainMessage message) throws ProtocolViolation {
    switch (message.getKindCase()) {
      case GET_HEADERS -> {
        List<Hash> locator =
            Wire.hashes(message.getGetHeaders().getLocatorList(), Wire.MAX_LOCATOR, "locator");
        throttle.submit(peer, RequestKind.GET_HEADERS, 1, () -> serveHeaders(peer, locator));
      }
      case GET_BLOCKS -> {
        List<Hash> hashes =
            Wire.hashes(message.getGetBlocks().getHashesList(), Wire.MAX_BLOCK_HASHES, "GetBlocks");
        RequestThrottle.Request serve =
            message.getGetBlocks().getCompact()
                ? () -> compact.relay.serveCompact(peer, hashes)
                : () -> serveBlocks(peer, hashes);
        throttle.submit(peer, RequestKind.GET_BLOCKS, hashes.size(), serve);
      }
      case GET_BLOCK_TXN -> {
        CompactWire.TxnRequest request = CompactWire.txnRequest(message.getGetBlockTxn());
        throttle.submit(
            peer,
            RequestKind.GET_BLOCK_TXN,
            request.indexes().length,
            () -> compact.relay.serveBlockTxn(peer, request));
      }
      case GET_TX -> {
        List<Hash> wtxids = Wire.wtxids(message.getGetTx().getWtxidsList(), "GetTx");
        throttle.submit(peer, RequestKind.GET_TX, wtxids.size(), () -> serveTx(peer, wtxids));
      }
      default -> throw new IllegalArgumentException("not a request: " + message.getKindCase());
    }
  }

  private void handle(Peer peer, ChainMessage message) throws ProtocolViolation {
    // Decode before taking the lock: decoding is the expensive part.
    List<BlockHeader> headerList =
        message.hasHeaders() ? Wire.headers(message.getHeaders()) : List.of();
    Block block = message.hasBlock() ? decodeBlock(message) : null;
    List<Hash> notFound =
        message.hasNotFound()
            ? Wire.hashes(message.getNotFound().getHashesList(), Wire.MAX_BLOCK_HASHES, "NotFound")
            : List.of();
    Status status = message.hasStatus() ? message.getStatus() : null;
    Hash statusGenesis = status == null ? null : Wire.hash(status.getGenesisHash(), "genesis");
    Hash statusBest = status == null ? null : Wire.hash(status.getBestHash(), "best hash");
    var statusWork = status == null ? null : Wire.work(status.getTotalWork());
    PartialBlock partial =
        message.hasCompactBlock()
            ? compact.prepare(CompactWire.compact(message.getCompactBlock()))
            : null;
    CompactWire.TxnReply txnReply =
        message.hasBlockTxn() ? CompactWire.txnReply(message.getBlockTxn()) : null;
    List<Hash> txInventory = txInventory(message);
    Transaction tx = message.hasTx() ? Wire.transaction(message.getTx()) : null;
    locked.accept(
        out -> {
          PeerState p = ctx.peers.get(peer.nodeId());
          if (p == null || p.dropped || p.peer != peer) {
            return;
          }
          switch (message.getKindCase()) {
            case STATUS -> {
              if (!statusGenesis.equals(ctx.params.genesisHash())) {
                out.disconnect(p, DisconnectReason.WRONG_NETWORK, "other genesis " + statusGenesis);
                return;
              }
              p.statusReceived = true;
              p.statusBest = statusBest;
              p.statusWork = statusWork;
              p.markKnown(statusBest);
              ctx.chain.chain(statusBest).ifPresent(p::noteHas);
              if (statusWork.isGreaterThan(ctx.bestHeader().work())) {
                headers.requestFromBest(p, out);
              }
              ChainTip tip = ctx.chain.tip();
              if (tip.work().isGreaterThan(statusWork)) {
                announceTo(p, tip, out); // tips announced before its status reached us
              }
              download.assign(out);
              relay.peerReady(p);
            }
            case HEADERS -> headers.onHeaders(p, headerList, out);
            case BLOCK -> download.onBlock(p, block, out);
            case NOT_FOUND -> {
              compact.onNotFound(p, notFound);
              download.onNotFound(p, notFound, out);
            }
            case SEND_COMPACT ->
                compact.onSendCompact(p, message.getSendCompact().getHighBandwidth());
            case COMPACT_BLOCK -> compact.onCompactBlock(p, partial, out);
            case BLOCK_TXN -> compact.onBlockTxn(p, txnReply, out);
            case INV_TX -> relay.onInv(p, txInventory, out);
            case TX -> relay.onTx(p, tx, out);
            case NOT_FOUND_TX -> relay.onNotFound(p, txInventory, out);
            default -> LOG.trace("unexpected message kind {}", message.getKindCase());
          }
        });
  }

  /** The wtxid list of an InvTx or NotFoundTx (1..1,000; more is oversize: serious). */
  private static List<Hash> txInventory(ChainMessage message) throws ProtocolViolation {
    return switch (message.getKindCase()) {
      case INV_TX -> Wire.wtxids(message.getInvTx().getWtxidsList(), "InvTx");
      case NOT_FOUND_TX -> Wire.wtxids(message.getNotFoundTx().getWtxidsList(), "NotFoundTx");
      default -> List.of();
    };
  }

  private static Block decodeBlock(ChainMessage message) throws ProtocolViolation {
    try {
      return Block.decode(message.getBlock().getBlock().toByteArray());
    } catch (DecodeException e) {
      throw new ProtocolViolation(Severity.SERIOUS, "undecodable block: " + e.getMessage());
    }
  }

  /** Answers GetHeaders; returns the bytes sent. */
  private long serveHeaders(Peer peer, List<Hash> locator) {
    List<BlockHeader> reply = ctx.chain.headersAfter(locator, Wire.MAX_HEADERS);
    return ctx.counters.reply(peer, Wire.headers(reply));
  }

  /** Answers GetTx under the lock (it reads the peer's known inventory); returns the bytes sent. */
  private long serveTx(Peer peer, List<Hash> wtxids) {
    long[] bytes = {0};
    locked.accept(
        out -> {
          PeerState p = ctx.peers.get(peer.nodeId());
          if (p != null && !p.dropped && p.peer == peer) {
            bytes[0] = relay.onGetTx(p, wtxids, out);
          }
        });
    return bytes[0];
  }

  /** Answers full GetBlocks; returns the bytes sent. */
  private long serveBlocks(Peer peer, List<Hash> hashes) {
    long bytes = 0;
    List<Hash> missing = new ArrayList<>();
    for (Hash hash : hashes) {
      Optional<Block> block;
      try {
        block = ctx.chain.block(hash);
      } catch (StoreException e) {
        LOG.warn("block store failed reading {}", hash, e);
        block = Optional.empty();
      }
      if (block.isPresent()) {
        bytes += ctx.counters.reply(peer, Wire.block(block.get().encode()));
      } else {
        missing.add(hash);
      }
    }
    if (!missing.isEmpty()) {
      bytes += ctx.counters.reply(peer, Wire.notFound(missing));
    }
    return bytes;
  }

  /**
   * Announces the tip to every peer not known to have it: the headers since the last block the
   * peer is known to have when that is at most {@value Wire#MAX_ANNOUNCED_HEADERS} back, else the
   * tip's header alone (the peer then asks for the gap). Skipped while far behind the best header.
   */
  void announceTip(Outbox out) {
    ChainTip tip = ctx.chain.tip();
    if (ctx.bestHeader().height().value() - tip.height().value() > Wire.MAX_ANNOUNCED_HEADERS) {
      LOG.debug("tip {} not announced: best header {} is far ahead", tip, ctx.bestHeader());
      return;
    }
    int told = 0;
    for (PeerState p : ctx.peers.values()) {
      told += announceTo(p, tip, out) ? 1 : 0;
    }
    LOG.debug("tip {} announced to {} of {} peers", tip.height(), told, ctx.peers.size());
  }

  private boolean announceTo(PeerState p, ChainTip tip, Outbox out) {
    if (p.dropped || !p.statusReceived || p.knows(tip.hash())) {
      return false;
    }
    List<BlockHeader> announce = new ArrayList<>();
    ChainTip known = p.knownTip;
    int gap = known == null ? -1 : tip.height().value() - known.height().value();
    if (gap > 0
        && gap <= Wire.MAX_ANNOUNCED_HEADERS
        && tip.ancestorHash(known.height()).orElseThrow().equals(known.hash())) {
      for (int h = known.height().value() + 1; h <= tip.height().value(); h++) {
        announce.add(tip.ancestor(Height.of(h)).orElseThrow());
      }
    } else {
      announce.add(tip.header());
    }
    if (p.wantsHighBandwidth && (gap == 1 || p.knows(tip.header().previousHash()))) {
      Optional<Block> block = compact.relay.block(tip.hash());
      if (block.isPresent() && compact.relay.push(p, block.get(), out)) {
        return true; // high-bandwidth peer: the compact block is the announcement
      }
    }
    p.markKnown(tip.hash());
    out.send(p.peer, Wire.headers(announce));
    return true;
  }
}
