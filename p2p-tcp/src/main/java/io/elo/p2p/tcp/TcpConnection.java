package io.elo.p2p.tcp;

import static io.elo.p2p.tcp.Checks.checkArgument;
import static io.elo.p2p.tcp.Checks.checkState;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.FrameException;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: socket bytes, then a {@link StreamChannel}, then frames.
 *
 * <p>Reads, handler calls and the close sequence run on the connection's {@link IoLoop} thread.
 * {@link #send} writes straight to the socket from the caller's thread when nothing is queued (the
 * fast path, no thread hop) and otherwise queues; socket writes and the queue are guarded by
 * {@code lock}, so frames of one thread keep their order. Closing flushes what is queued, shuts
 * the output down and waits for the peer's end of stream (so the kernel does not reset the
 * connection over unread bytes), all within the close timeout.
 */
final class TcpConnection implements Connection, IoLoop.Ready, FrameDelivery.Owner {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

  private enum Phase {
    OPEN,
    FLUSHING,
    LINGERING,
    CLOSED
  }

  private final TcpTransport transport;
  private final IoLoop loop;
  private final TcpConfig config;
  private final SocketChannel channel;
  private final PeerAddress remoteAddress;
  private final boolean inbound;
  private final StreamChannel stream;
  private final Optional<NodeId> authenticatedNodeId;
  private final FrameDelivery delivery;

  private final Object lock = new Object();
  // Guarded by lock.
  private final SendQueue sendQueue;
  private boolean writeInterest;
  private FrameHandler handler;
  private boolean closeByRemote;
  private boolean ioFailed;
  // Written under lock, read anywhere.
  private volatile DisconnectReason closeReason;

  // Loop thread only.
  private SelectionKey key;
  private boolean readPaused;
  private boolean eofSeen;
  private Phase phase = Phase.OPEN;
  private IoLoop.Timer closeTimer;

  TcpConnection(
      TcpTransport transport,
      IoLoop loop,
      TcpConfig config,
      SocketChannel channel,
      PeerAddress remoteAddress,
      boolean inbound,
      StreamChannel stream,
      Optional<NodeId> authenticatedNodeId) {
    this.transport = transport;
    this.stream = stream;
    this.authenticatedNodeId = authenticatedNodeId;
    this.loop = loop;
    this.config = config;
    this.channel = channel;
    this.remoteAddress = remoteAddress;
    this.inbound = inbound;
    this.delivery =
        new FrameDelivery(
            this,
            stream,
            FrameCodec.of(config.maxFrameSize()).newDecoder(transport.frameBudget()),
            config.heldInboundBytes());
    this.sendQueue = new SendQueue(config.sendQueueFrames(), config.sendQueueBytes());
  }

  /**
   * Registers for reads, or takes over {@code existing} (the dial's key) if not null; loop thread
   * only, before anyone else sees the connection.
   */
  void register(SelectionKey existing) throws IOException {
    if (existing != null) {
      existing.attach(this);
      existing.interestOps(SelectionKey.OP_READ);
      key = existing;
    } else {
      key = loop.register(channel, SelectionKey.OP_READ, this);
    }
  }

  @Override
  public PeerAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isInbound() {
    return inbound;
  }

  @Override
  public Optional<NodeId> authenticatedNodeId() {
    return authenticatedNodeId;
  }

  @Override
  public int maxFrameSize() {
    return config.maxFrameSize();
  }

  @Override
  public boolean send(byte[] frame) {
    checkArgument(
        frame.length <= config.maxFrameSize(),
        "frame of %s bytes exceeds the maximum %s",
        frame.length,
        config.maxFrameSize());
    if (closeReason != null) {
      return false;
    }
    ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH).putInt(0, frame.length);
    boolean wakeLoop = false;
    DisconnectReason failure = null;
    synchronized (lock) {
      if (closeReason != null) {
        return false;
      }
      ByteBuffer[] bytes = stream.wrap(new ByteBuffer[] {header, ByteBuffer.wrap(frame)});
      try {
        if (sendQueue.isEmpty()) {
          channel.write(bytes);
          if (SendQueue.remaining(bytes) == 0) {
            return true;
          }
        }
        if (!sendQueue.offer(bytes)) {
          failure = DisconnectReason.SEND_QUEUE_FULL;
        } else if (!writeInterest) {
          writeInterest = true;
          wakeLoop = true;
        }
      } catch (IOException e) {
        log.debug("write to {} failed", remoteAddress, e);
        ioFailed = true;
        failure = DisconnectReason.CONNECTION_LOST;
      }
    }
    if (failure != null) {
      requestClose(failure, failure == DisconnectReason.CONNECTION_LOST);
      return false;
    }
    if (wakeLoop) {
      loop.execute(this::enableWrite);
    }
    return true;
  }

  @Override
  public void close(DisconnectReason reason) {
    requestClose(Objects.requireNonNull(reason, "reason"), false);
  }

  @Override
  public boolean isOpen() {
    return closeReason == null;
  }

  @Override
  public void setHandler(FrameHandler frameHandler) {
    Objects.requireNonNull(frameHandler, "handler");
    synchronized (lock) {
      checkState(handler == null, "handler already set");
      handler = frameHandler;
    }
    loop.execute(this::activate);
  }

  /**
   * Takes stream bytes that arrived with the end of the secure handshake (the peer may send its
   * first frames right behind its last handshake message); loop thread, before anyone sees the
   * connection.
   */
  void acceptEarlyBytes(ByteBuffer bytes) {
    if (!bytes.hasRemaining()) {
      return;
    }
    try {
      delivery.accept(bytes);
    } catch (FrameException e) {
      log.debug("closing {}: {}", remoteAddress, e.getMessage());
      requestClose(e.reason(), false);
    }
  }

  /** Frames and bytes waiting in the send queue (for tests and diagnostics). */
  long queuedBytes() {
    synchronized (lock) {
      return sendQueue.bytes();
    }
  }

  @Override
  public String toString() {
    return "TcpConnection{" + (inbound ? "from " : "to ") + remoteAddress + "}";
  }

  // ---- loop thread from here on ----

  @Override
  public void onReady(SelectionKey readyKey) {
    if (readyKey.isReadable()) {
      onReadable();
    }
    if (readyKey.isValid() && readyKey.isWritable()) {
      onWritable();
    }
  }

  @Override
  public void onLoopClosed() {
    synchronized (lock) {
      if (closeReason == null) {
        closeReason = DisconnectReason.SHUTDOWN;
      }
      try {
        sendQueue.flush(channel);
      } catch (IOException e) {
        log.debug("final flush to {} failed", remoteAddress, e);
      }
    }
    notifyClose();
    closeNow();
  }

  private void onReadable() {
    ByteBuffer buffer = loop.readBuffer();
    // A bounded number of reads per wakeup, so one busy peer cannot starve the others.
    for (int i = 0; i < IoLoop.READS_PER_WAKEUP && phase != Phase.CLOSED; i++) {
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        log.debug("read from {} failed", remoteAddress, e);
        fail();
        return;
      }
      if (n < 0) {
        onEof();
        return;
      }
      if (n == 0) {
        return;
      }
      buffer.flip();
      if (closeReason == null) {
        try {
          delivery.accept(buffer);
        } catch (FrameException e) {
          if (e.reason() == DisconnectReason.AUTHENTICATION_FAILED) {
            // Anyone with a fresh key gets this far: bounded logging, not a line per connection.
            transport.failures().record(
                TcpTransport.AUTHENTICATION_FAILED, remoteAddress.ip(),
                "node " + authenticatedNodeId.orElse(null) + ": " + e.getMessage());
          } else {
            log.debug("closing {}: {}", remoteAddress, e.getMessage());
          }
          requestClose(e.reason(), false);
          return;
        }
      }
      // While closing, bytes are read only to find the peer's end of stream, and dropped.
      if (readPaused || buffer.limit() < buffer.capacity()) {
        return;
      }
      buffer.clear();
    }
  }

  @Override
  public boolean isClosing() {
    return closeReason != null;
  }

  @Override
  public void pauseReading() {
    if (!readPaused) {
      readPaused = true;
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
  }

  @Override
  public void handlerFailed(RuntimeException e) {
    log.warn("frame handler of {} failed", this, e);
    requestClose(DisconnectReason.PROTOCOL_ERROR, false);
  }

  private void activate() {
    FrameHandler frameHandler;
    boolean dropHeld;
    synchronized (lock) {
      frameHandler = handler;
      // Frames received before a remote close are delivered; after a local close, dropped.
      dropHeld = closeReason != null && !closeByRemote;
    }
    delivery.activate(frameHandler, dropHeld);
    if (readPaused && phase == Phase.OPEN && !eofSeen) {
      readPaused = false;
      key.interestOps(key.interestOps() | SelectionKey.OP_READ);
    }
    if (closeReason != null && phase != Phase.OPEN) {
      notifyClose();
    }
  }

  private void onEof() {
    eofSeen = true;
    if (key.isValid()) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
    if (phase == Phase.LINGERING) {
      closeNow();
    } else if (closeReason == null) {
      if (!delivery.atFrameBoundary()) {
        log.debug("{} ended the stream inside a frame", remoteAddress);
      }
      requestClose(DisconnectReason.CONNECTION_LOST, true);
    }
  }

  private void onWritable() {
    boolean empty;
    synchronized (lock) {
      try {
        empty = sendQueue.flush(channel);
      } catch (IOException e) {
        log.debug("write to {} failed", remoteAddress, e);
        empty = false;
        ioFailed = true;
      }
      if (empty) {
        writeInterest = false;
      }
    }
    if (ioFailedSnapshot()) {
      fail();
      return;
    }
    if (empty) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      if (phase == Phase.FLUSHING) {
        continueClose();
      }
    }
  }

  private boolean ioFailedSnapshot() {
    synchronized (lock) {
      return ioFailed;
    }
  }

  private void enableWrite() {
    if (phase != Phase.CLOSED && key.isValid()) {
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
  }

  /** The socket broke: no flush, close at once. */
  private void fail() {
    synchronized (lock) {
      ioFailed = true;
    }
    if (!requestClose(DisconnectReason.CONNECTION_LOST, true)) {
      notifyClose();
      closeNow();
    }
  }

  /** Records the first close reason and starts the close on the loop; false if already closing. */
  private boolean requestClose(DisconnectReason reason, boolean byRemote) {
    synchronized (lock) {
      if (closeReason != null) {
        return false;
      }
      closeByRemote = byRemote;
      closeReason = reason;
    }
    // Always a task, never inline: close() must not call the handler on the caller's stack.
    loop.execute(this::beginClose);
    return true;
  }

  private void beginClose() {
    if (phase != Phase.OPEN) {
      return;
    }
    notifyClose();
    boolean abort;
    synchronized (lock) {
      abort = ioFailed || closeReason == DisconnectReason.SEND_QUEUE_FULL;
      if (abort) {
        sendQueue.clear();
      }
    }
    if (abort) {
      closeNow();
      return;
    }
    phase = Phase.FLUSHING;
    closeTimer = loop.schedule(config.closeTimeout(), this::closeNow);
    if (!eofSeen && readPaused) {
      readPaused = false;
      key.interestOps(key.interestOps() | SelectionKey.OP_READ);
    }
    synchronized (lock) {
      if (!closeByRemote) {
        // Held frames still go to a handler set later only if the peer ended the stream.
        delivery.dropHeld();
      }
    }
    continueClose();
  }

  private void continueClose() {
    boolean empty;
    synchronized (lock) {
      try {
        empty = sendQueue.flush(channel);
      } catch (IOException e) {
        log.debug("flush to {} failed", remoteAddress, e);
        closeNow();
        return;
      }
    }
    if (!empty) {
      enableWrite();
      return;
    }
    phase = Phase.LINGERING;
    if (eofSeen) {
      closeNow();
      return;
    }
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      closeNow();
    }
  }

  private void notifyClose() {
    DisconnectReason reason;
    boolean byRemote;
    synchronized (lock) {
      reason = closeReason;
      byRemote = closeByRemote;
    }
    delivery.notifyClose(reason, byRemote);
  }

  private void closeNow() {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    delivery.abandon();
    synchronized (lock) {
      sendQueue.clear();
    }
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing {}", remoteAddress, e);
    }
    transport.forget(this);
  }
}
