package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.p2p.ProtocolHandler;
import io.elo.validation.StoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol handler registered on the peer network; runs on the I/O threads. Decodes each
 * message once ({@link ChainCodec}); a malformed one is reported at once. Requests for headers and
 * blocks go to the {@link RequestThrottle} and are served from the chain state's lock-free
 * snapshots, off the protocol thread. Everything else, and the peer's connect and disconnect, goes
 * through the peer's bounded {@link PeerInbox} to the protocol thread ({@link PeerEvents}).
 */
final class MessageHandler implements ProtocolHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);

  private final SyncContext ctx;
  private final PeerEvents events;
  private final CompactBlocks compact;
  private final RequestThrottle throttle;
  private final Map<Peer, PeerInbox> inboxes = new ConcurrentHashMap<>();

  MessageHandler(
      SyncContext ctx, PeerEvents events, CompactBlocks compact, RequestThrottle throttle) {
    this.ctx = ctx;
    this.events = events;
    this.compact = compact;
    this.throttle = throttle;
  }

  PeerEvents events() {
    return events;
  }

  @Override
  public void onPeerConnected(Peer peer) {
    if (!peer.supports(ChainProtocol.ID)) {
      return;
    }
    throttle.connected(peer);
    ctx.loop.execute(() -> events.connected(peer));
    SyncConfig c = ctx.config;
    inboxes.put(
        peer,
        new PeerInbox(
            peer,
            c.peerInboxMessages(),
            c.peerInboxBytes(),
            ctx.loop,
            events::handle,
            () -> events.gone(peer)));
  }

  @Override
  public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
    throttle.gone(peer);
    PeerInbox inbox = inboxes.remove(peer);
    if (inbox != null) {
      inbox.close();
    }
  }

  @Override
  public void onMessage(Peer peer, byte[] payload) {
    onMessage(peer, ByteBuffer.wrap(payload));
  }

  /**
   * Decodes the payload where it lies in the frame: blocks and transactions keep read-only views
   * of it as their bytes (the frame is ours for good, see {@link
   * io.elo.p2p.ProtocolHandler#onMessage(Peer, ByteBuffer)}).
   */
  @Override
  public void onMessage(Peer peer, ByteBuffer payload) {
    int size = payload.remaining();
    ctx.counters.received(payload);
    try {
      ChainMessage message = ChainCodec.decode(payload);
      if (message instanceof ChainMessage.GetHeaders g) {
        throttle.submit(peer, RequestKind.GET_HEADERS, 1, () -> serveHeaders(peer, g.locator()));
      } else if (message instanceof ChainMessage.GetBlocks g) {
        RequestThrottle.Request serve =
            g.compact()
                ? () -> compact.relay.serveCompact(peer, g.hashes())
                : () -> serveBlocks(peer, g.hashes());
        throttle.submit(peer, RequestKind.GET_BLOCKS, g.hashes().size(), serve);
      } else if (message instanceof ChainMessage.GetBlockTxn g) {
        throttle.submit(
            peer,
            RequestKind.GET_BLOCK_TXN,
            g.indexCount(),
            () -> compact.relay.serveBlockTxn(peer, g));
      } else if (message instanceof ChainMessage.Unknown) {
        LOG.trace("unknown chain message kind from {}", peer.nodeId());
      } else {
        toProtocol(peer, message, size);
      }
    } catch (ProtocolViolation v) {
      LOG.debug("peer {} broke the chain protocol: {}", peer.nodeId(), v.getMessage());
      peer.reportMisbehaviour(v.severity(), v.getMessage());
    }
  }

  private void toProtocol(Peer peer, ChainMessage message, int size) {
    PeerInbox inbox = inboxes.get(peer);
    if (inbox == null) {
      return; // not connected on the chain protocol
    }
    // A compact block is matched against the pools here, off the protocol thread.
    Object m = message instanceof ChainMessage.CompactBlock c ? compact.prepare(c) : message;
    if (!inbox.offer(m, size)) {
      LOG.info(
          "peer {}: inbox full ({} messages, {} bytes waiting); disconnecting",
          peer.nodeId(),
          inbox.size(),
          inbox.bytes());
      peer.disconnect(DisconnectReason.MISBEHAVIOUR);
    }
  }

  /** Answers GetHeaders; returns the bytes sent. */
  private long serveHeaders(Peer peer, List<Hash> locator) {
    List<BlockHeader> reply = ctx.chain.headersAfter(locator, ChainCodec.MAX_HEADERS);
    return ctx.counters.reply(peer, ChainCodec.encode(new ChainMessage.Headers(reply)));
  }

  /** Answers full GetBlocks; returns the bytes sent. */
  private long serveBlocks(Peer peer, List<Hash> hashes) {
    long bytes = 0;
    List<Hash> missing = new ArrayList<>();
    for (Hash hash : hashes) {
      Optional<ByteBuffer> block;
      try {
        // The bytes as stored, checksum checked, sent without decoding them.
        block = ctx.chain.encodedBlock(hash);
      } catch (StoreException e) {
        LOG.warn("block store failed reading {}", hash, e);
        block = Optional.empty();
      }
      if (block.isPresent()) {
        bytes += ctx.counters.reply(peer, ChainCodec.encodeFullBlock(block.get()));
      } else {
        missing.add(hash);
      }
    }
    if (!missing.isEmpty()) {
      bytes += ctx.counters.reply(peer, ChainCodec.encode(new ChainMessage.NotFound(missing)));
    }
    return bytes;
  }
}
