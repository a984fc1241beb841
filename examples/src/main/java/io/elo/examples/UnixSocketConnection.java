package io.elo.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.FrameDecoder;
import io.elo.p2p.FrameException;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of {@link UnixSocketTransport}: a Unix domain socket stream, the node's secure
 * channel over it (unless plaintext), and {@link FrameCodec} frames above that, the same layering
 * as the TCP transport.
 *
 * <p>Blocking I/O with two threads: a writer that drains a bounded send queue, and a reader (the
 * thread that opened the connection) that waits until the handler is set, so frames that arrive
 * earlier stay in the socket's kernel buffer, then delivers frames in order and finally {@link
 * FrameHandler#onClose} exactly once. Handler calls therefore never run inside {@link #send},
 * {@link #close} or {@link #setHandler}.
 */
final class UnixSocketConnection implements Connection {
  /** How long a local close waits for queued frames to flush before closing the socket. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  /** Frames a send queue holds before the connection closes with {@code SEND_QUEUE_FULL}. */
  static final int MAX_QUEUED_FRAMES = 4096;

  /** Bytes a send queue holds before the connection closes with {@code SEND_QUEUE_FULL}. */
  static final long MAX_QUEUED_BYTES = 2L * FrameCodec.DEFAULT_MAX_FRAME_SIZE;

  private static final Logger LOG = LoggerFactory.getLogger(UnixSocketConnection.class);
  private static final byte[] END = new byte[0]; // the writer's stop marker, compared by identity
  private static final int READ_BUFFER = 64 * 1024;

  /** How a connection ended: the first reason wins. */
  private record Ending(DisconnectReason reason, boolean byRemote) {}

  private final SocketChannel socket;
  private final SecureChannel secure; // null: plaintext
  private final FrameCodec codec;
  private final PeerAddress remote;
  private final boolean inbound;
  private final ByteBuffer leftover;
  private final ScheduledExecutorService timer;
  private final LinkedBlockingQueue<byte[]> sendQueue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicReference<Ending> ending = new AtomicReference<>();
  private final CompletableFuture<FrameHandler> handler = new CompletableFuture<>();

  /**
   * Wraps an open socket; {@code leftover} holds stream bytes the secure handshake read past its
   * end, which belong to the first frames. {@code timer} runs the close timeout.
   */
  UnixSocketConnection(
      SocketChannel socket,
      SecureChannel secure,
      FrameCodec codec,
      PeerAddress remote,
      boolean inbound,
      ByteBuffer leftover,
      ScheduledExecutorService timer) {
    this.socket = socket;
    this.secure = secure;
    this.codec = codec;
    this.remote = remote;
    this.inbound = inbound;
    this.leftover = leftover;
    this.timer = timer;
  }

  @Override
  public PeerAddress remoteAddress() {
    return remote;
  }

  @Override
  public boolean isInbound() {
    return inbound;
  }

  @Override
  public int maxFrameSize() {
    return codec.maxFrameSize();
  }

  @Override
  public Optional<NodeId> authenticatedNodeId() {
    return secure == null ? Optional.empty() : Optional.of(secure.remoteNodeId());
  }

  @Override
  public boolean send(byte[] frame) {
    checkArgument(
        frame.length <= codec.maxFrameSize(),
        "frame of %s bytes exceeds the maximum %s",
        frame.length,
        codec.maxFrameSize());
    if (!isOpen()) {
      return false;
    }
    if (queuedFrames.incrementAndGet() > MAX_QUEUED_FRAMES
        || queuedBytes.addAndGet(frame.length) > MAX_QUEUED_BYTES) {
      close(DisconnectReason.SEND_QUEUE_FULL);
      return false;
    }
    sendQueue.add(frame);
    return true;
  }

  @Override
  public void close(DisconnectReason reason) {
    end(reason, false);
  }

  @Override
  public boolean isOpen() {
    return ending.get() == null;
  }

  @Override
  public void setHandler(FrameHandler value) {
    checkState(handler.complete(value), "handler already set");
  }

  /** Closes the socket now, without flushing (the close timeout, transport shutdown). */
  void abort() {
    end(DisconnectReason.SHUTDOWN, false);
    closeSocket();
  }

  /** The writer thread's work: sends queued frames until the connection ends, then the socket. */
  void writeLoop() {
    try {
      while (true) {
        byte[] frame = sendQueue.take();
        if (frame == END) {
          break;
        }
        queuedFrames.decrementAndGet();
        queuedBytes.addAndGet(-frame.length);
        write(frame);
      }
    } catch (IOException e) {
      end(DisconnectReason.CONNECTION_LOST, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeSocket();
    }
  }

  /**
   * The reader's work, on the thread that opened the connection: waits for the handler (giving up
   * if {@code abandoned} turns true first), delivers frames, then the end.
   */
  void readLoop(BooleanSupplier abandoned) throws InterruptedException {
    FrameHandler h = awaitHandler(abandoned);
    if (h == null) {
      abort();
      return;
    }
    FrameDecoder decoder = codec.newDecoder();
    try {
      deliver(leftover, decoder, h);
      ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
      while (isOpen()) {
        buffer.clear();
        if (socket.read(buffer) < 0) {
          end(DisconnectReason.CONNECTION_LOST, true);
          break;
        }
        deliver(buffer.flip(), decoder, h);
      }
    } catch (FrameException e) {
      LOG.info("closing {}: {}", remote, e.getMessage());
      end(e.reason(), false);
    } catch (IOException e) {
      // Also how a local close ends a blocked read; the first reason recorded wins.
      end(DisconnectReason.CONNECTION_LOST, true);
    }
    Ending end = ending.get();
    h.onClose(end.reason(), end.byRemote());
  }

  private FrameHandler awaitHandler(BooleanSupplier abandoned) throws InterruptedException {
    while (true) {
      try {
        return handler.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (abandoned.getAsBoolean()) {
          return null;
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("the handler future never fails", e);
      }
    }
  }

  private void deliver(ByteBuffer bytes, FrameDecoder decoder, FrameHandler h) {
    if (secure == null) {
      decoder.feed(bytes, frame -> onFrame(h, frame));
    } else {
      secure.open(bytes, plaintext -> decoder.feed(plaintext, frame -> onFrame(h, frame)));
    }
  }

  private void onFrame(FrameHandler h, byte[] frame) {
    if (!isOpen()) {
      return; // closed while this batch was being delivered: no frame after the end
    }
    try {
      h.onFrame(frame);
    } catch (RuntimeException e) {
      LOG.warn("frame handler of {} failed", remote, e);
      close(DisconnectReason.PROTOCOL_ERROR);
    }
  }

  private void write(byte[] frame) throws IOException {
    byte[] header = new byte[FrameCodec.HEADER_LENGTH];
    codec.encodeHeader(frame.length, header, 0);
    ByteBuffer[] plaintext = {ByteBuffer.wrap(header), ByteBuffer.wrap(frame)};
    ByteBuffer[] wire = secure == null ? plaintext : new ByteBuffer[] {secure.seal(plaintext)};
    writeFully(socket, wire);
  }

  /** Records the end (first reason wins) and lets the writer flush and close the socket. */
  private void end(DisconnectReason reason, boolean byRemote) {
    if (ending.compareAndSet(null, new Ending(reason, byRemote))) {
      sendQueue.add(END);
      if (byRemote) {
        closeSocket(); // nothing more reaches the peer: do not wait for the writer
      } else {
        scheduleForcedClose(); // a peer that stopped reading cannot hold the socket open
      }
    }
  }

  private void scheduleForcedClose() {
    try {
      timer.schedule(this::closeSocket, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closeSocket(); // the transport is shut down: no flushing
    }
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing {}", remote, e);
    }
  }

  /** Writes every byte of {@code buffers}, blocking. */
  static void writeFully(SocketChannel socket, ByteBuffer... buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= socket.write(buffers);
    }
  }

  @Override
  public String toString() {
    return "UnixSocketConnection{" + remote + (inbound ? ", inbound" : ", outbound") + "}";
  }
}
