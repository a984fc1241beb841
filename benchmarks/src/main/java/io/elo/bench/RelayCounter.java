package io.elo.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.elo.p2p.Connection;
import io.elo.p2p.ConnectionHandler;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.Transport;
import io.elo.sync.ChainProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts transaction relay messages per link direction by wrapping nodes' transports: every frame a
 * connection sends is read (p2p envelope, then the chain message's tag) and each wtxid of an {@code
 * InvTx}, and each transaction of a {@code Tx}, is remembered per connection. A wtxid announced
 * twice on one connection, or one transaction sent twice, is a duplicate: the relay promises at
 * most one announcement per transaction and link direction. The frames are the plaintext the secure
 * channel encrypts, so this works on encrypted links. Thread-safe.
 */
final class RelayCounter {
  /** {@code Envelope.message}: field 6, length-delimited. */
  private static final int ENVELOPE_MESSAGE = (6 << 3) | 2;

  /** {@code ProtocolMessage.protocol} (1) and {@code payload} (3). */
  private static final int PROTOCOL_NAME = (1 << 3) | 2;

  private static final int PROTOCOL_PAYLOAD = (3 << 3) | 2;

  /** {@code ChainMessage.inv_tx} (13) and {@code tx} (15). */
  private static final int INV_TX = (13 << 3) | 2;

  private static final int TX = (15 << 3) | 2;

  /** {@code InvTx.wtxids} (1) and {@code TxMessage.transaction} (1). */
  private static final int REPEATED_BYTES = (1 << 3) | 2;

  private final AtomicLong links = new AtomicLong();
  private final AtomicLong invTxMessages = new AtomicLong();
  private final AtomicLong announced = new AtomicLong();
  private final AtomicLong duplicateAnnouncements = new AtomicLong();
  private final AtomicLong txMessages = new AtomicLong();
  private final AtomicLong duplicateTxMessages = new AtomicLong();
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong sentFrames = new AtomicLong();

  /** Totals over every wrapped connection. */
  record Counts(
      long linkDirections,
      long invTxMessages,
      long announced,
      long duplicateAnnouncements,
      long txMessages,
      long duplicateTxMessages) {}

  /** Returns the totals so far. */
  Counts counts() {
    return new Counts(
        links.get(),
        invTxMessages.get(),
        announced.get(),
        duplicateAnnouncements.get(),
        txMessages.get(),
        duplicateTxMessages.get());
  }

  /** Plaintext frame bytes sent on every wrapped connection so far (before encryption). */
  long sentBytes() {
    return sentBytes.get();
  }

  /** Frames sent on every wrapped connection so far. */
  long sentFrames() {
    return sentFrames.get();
  }

  /** Returns {@code transport} with every connection's sent frames counted here. */
  Transport wrap(Transport transport) {
    return new Transport() {
      @Override
      public void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException {
        transport.listen(bind, c -> inbound.onConnection(new Counted(c)));
      }

      @Override
      public CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout) {
        return transport.dial(remote, timeout).thenApply(Counted::new);
      }

      @Override
      public Optional<PeerAddress> listenAddress() {
        return transport.listenAddress();
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  /** One connection direction: what this end sent. */
  private final class Counted implements Connection {
    private final Connection inner;
    private final Set<ByteString> announcedHere = new HashSet<>();
    private final Set<ByteString> sentHere = new HashSet<>();

    Counted(Connection inner) {
      this.inner = inner;
      links.incrementAndGet();
    }

    @Override
    public boolean send(byte[] frame) {
      boolean sent = inner.send(frame);
      if (sent) {
        sentBytes.addAndGet(frame.length);
        sentFrames.incrementAndGet();
        inspect(frame);
      }
      return sent;
    }

    private void inspect(byte[] frame) {
      try {
        ByteString payload = chainPayload(frame);
        if (payload == null) {
          return;
        }
        CodedInputStream in = payload.newCodedInput();
        int tag = in.readTag();
        if (tag == INV_TX) {
          invTxMessages.incrementAndGet();
          for (ByteString wtxid : repeatedBytes(in.readBytes())) {
            announced.incrementAndGet();
            if (!remember(announcedHere, wtxid)) {
              duplicateAnnouncements.incrementAndGet();
            }
          }
        } else if (tag == TX) {
          for (ByteString tx : repeatedBytes(in.readBytes())) {
            txMessages.incrementAndGet();
            if (!remember(sentHere, tx)) {
              duplicateTxMessages.incrementAndGet();
            }
          }
        }
      } catch (IOException e) {
        // not a frame this counter understands: the peer would judge it
      }
    }

    private synchronized boolean remember(Set<ByteString> set, ByteString key) {
      return set.add(key);
    }

    @Override
    public PeerAddress remoteAddress() {
      return inner.remoteAddress();
    }

    @Override
    public boolean isInbound() {
      return inner.isInbound();
    }

    @Override
    public int maxFrameSize() {
      return inner.maxFrameSize();
    }

    @Override
    public void close(DisconnectReason reason) {
      inner.close(reason);
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public void setHandler(FrameHandler handler) {
      inner.setHandler(handler);
    }

    @Override
    public Optional<NodeId> authenticatedNodeId() {
      return inner.authenticatedNodeId();
    }
  }

  /** The chain protocol payload of a p2p envelope, or null for any other frame. */
  private static ByteString chainPayload(byte[] frame) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(frame);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != ENVELOPE_MESSAGE) {
        in.skipField(tag);
        continue;
      }
      CodedInputStream message = in.readBytes().newCodedInput();
      String protocol = null;
      ByteString payload = null;
      for (int t = message.readTag(); t != 0; t = message.readTag()) {
        if (t == PROTOCOL_NAME) {
          protocol = message.readStringRequireUtf8();
        } else if (t == PROTOCOL_PAYLOAD) {
          payload = message.readBytes();
        } else {
          message.skipField(t);
        }
      }
      return ChainProtocol.ID.name().equals(protocol) ? payload : null;
    }
    return null;
  }

  /** The values of field 1 (length-delimited) of a message. */
  private static List<ByteString> repeatedBytes(ByteString message) throws IOException {
    List<ByteString> values = new ArrayList<>();
    CodedInputStream in = message.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == REPEATED_BYTES) {
        values.add(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return values;
  }
}
