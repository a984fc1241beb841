package io.elo.p2p.tcp;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameException;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import io.elo.p2p.SecureChannelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Noise handshake of one socket before any {@link TcpConnection} exists, so a connection
 * is only ever handed out secure and with its peer's node id proven. Loop thread only. Handshake
 * messages are small (under 400 bytes), so a write that the socket does not take at once is
 * finished on {@code OP_WRITE}; the connection takes over only when the last one is flushed.
 */
final class SecureHandshaker implements IoLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(SecureHandshaker.class);

  /** What becomes of the handshake. */
  interface Outcome {
    /** The channel is established; {@code leftover} holds transport bytes already read. */
    void established(SecureChannel channel, SelectionKey key, ByteBuffer leftover)
        throws IOException;

    /** The handshake failed; the socket is closed right after this returns. */
    void failed(SecureChannelException cause);
  }

  private final IoLoop loop;
  private final SocketChannel socket;
  private final PeerAddress remote;
  private final SecureChannel channel;
  private final Outcome outcome;
  private SelectionKey key;
  private IoLoop.Timer timer;
  private ByteBuffer pending;
  private ByteBuffer leftover = ByteBuffer.allocate(0);
  private boolean done;

  SecureHandshaker(
      IoLoop loop,
      SocketChannel socket,
      PeerAddress remote,
      SecureChannel channel,
      Outcome outcome) {
    this.loop = loop;
    this.socket = socket;
    this.remote = remote;
    this.channel = channel;
    this.outcome = outcome;
  }

  /** Takes over {@code existing} (a dial's key) or registers the socket, and sends the start. */
  void start(SelectionKey existing, Duration timeout) {
    try {
      if (existing != null) {
        existing.attach(this);
        existing.interestOps(SelectionKey.OP_READ);
        key = existing;
      } else {
        key = loop.register(socket, SelectionKey.OP_READ, this);
      }
      timer =
          loop.schedule(
              timeout,
              () ->
                  fail(
                      DisconnectReason.TIMEOUT,
                      "secure handshake not done within " + timeout.toMillis() + " ms"));
      send(channel.start());
    } catch (IOException e) {
      fail(DisconnectReason.CONNECTION_LOST, "secure handshake: " + e.getMessage());
    }
  }

  @Override
  public void onReady(SelectionKey readyKey) {
    try {
      if (readyKey.isWritable()) {
        flush();
        maybeComplete();
      }
      if (!done && readyKey.isValid() && readyKey.isReadable()) {
        read();
      }
    } catch (IOException e) {
      fail(DisconnectReason.CONNECTION_LOST, "secure handshake: " + e.getMessage());
    } catch (FrameException e) {
      fail(e.reason(), e.getMessage());
    }
  }

  @Override
  public void onLoopClosed() {
    fail(DisconnectReason.SHUTDOWN, "transport closed during the secure handshake");
  }

  private void read() throws IOException {
    ByteBuffer buffer = loop.readBuffer();
    int n = socket.read(buffer);
    if (n < 0) {
      fail(DisconnectReason.CONNECTION_LOST, "peer closed the stream during the secure handshake");
      return;
    }
    buffer.flip();
    while (buffer.hasRemaining() && !channel.isEstablished() && !done) {
      send(channel.receiveHandshake(buffer));
    }
    if (channel.isEstablished() && !done) {
      // Bytes after the handshake belong to the connection; the read buffer is shared, so copy.
      leftover = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
      maybeComplete();
    }
  }

  private void send(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return;
    }
    if (pending != null) {
      ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + bytes.length);
      pending = joined.put(pending).put(bytes).flip();
    } else {
      pending = ByteBuffer.wrap(bytes);
    }
    flush();
  }

  private void flush() throws IOException {
    if (pending != null) {
      socket.write(pending);
      if (pending.hasRemaining()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        return;
      }
      pending = null;
    }
    key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
  }

  private void maybeComplete() throws IOException {
    if (done || pending != null || !channel.isEstablished()) {
      return;
    }
    done = true;
    timer.cancel();
    outcome.established(channel, key, leftover);
  }

  private void fail(DisconnectReason reason, String message) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    // The outcome first (it counts and logs the failure), so the remote never sees the end of
    // the stream before the failure is on record.
    try {
      outcome.failed(new SecureChannelException(reason, remote + ": " + message));
    } finally {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("closing {}", remote, e);
      }
    }
  }
}
