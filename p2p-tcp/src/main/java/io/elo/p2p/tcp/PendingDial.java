package io.elo.p2p.tcp;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import io.elo.p2p.SecureChannelException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbound socket between {@code connect} and established (and, when encrypting, through the
 * secure handshake, which {@link SecureHandshaker} runs on the same key); loop thread only.
 */
final class PendingDial implements IoLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(PendingDial.class);

  private final TcpTransport transport;
  private final IoLoop loop;
  private final SocketChannel socket;
  private final PeerAddress remote;
  private final CompletableFuture<Connection> future;
  private final ChannelSecurity security;
  private final Duration handshakeTimeout;
  private IoLoop.Timer timer;
  private SelectionKey key;

  PendingDial(
      TcpTransport transport,
      IoLoop loop,
      SocketChannel socket,
      PeerAddress remote,
      CompletableFuture<Connection> future,
      ChannelSecurity security,
      Duration handshakeTimeout) {
    this.transport = transport;
    this.security = security;
    this.handshakeTimeout = handshakeTimeout;
    this.loop = loop;
    this.socket = socket;
    this.remote = remote;
    this.future = future;
  }

  /** Starts the connect; loop thread. */
  void start(Duration timeout) {
    try {
      if (socket.connect(new InetSocketAddress(remote.ip(), remote.port()))) {
        established();
        return;
      }
      key = loop.register(socket, SelectionKey.OP_CONNECT, this);
      timer = loop.schedule(timeout, () -> fail(new TimeoutException("connect to " + remote
          + " timed out after " + timeout.toMillis() + " ms")));
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onReady(SelectionKey readyKey) {
    try {
      if (socket.finishConnect()) {
        timer.cancel();
        established();
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public void onLoopClosed() {
    fail(new IOException("transport closed"));
  }

  private void established() throws IOException {
    if (security.isEncrypted()) {
      secureHandshake();
      return;
    }
    // The connecting registration's key, if any, becomes the connection's.
    complete(transport.newConnection(loop, socket, false, null, key));
  }

  /** The initiator's Noise handshake; the dial completes with the connection after it. */
  private void secureHandshake() {
    SecureHandshaker.Outcome outcome =
        new SecureHandshaker.Outcome() {
          @Override
          public void established(
              SecureChannel channel, SelectionKey handshakeKey, ByteBuffer early)
              throws IOException {
            TcpConnection connection =
                transport.newConnection(loop, socket, false, channel, handshakeKey);
            connection.acceptEarlyBytes(early);
            complete(connection);
          }

          @Override
          public void failed(SecureChannelException cause) {
            transport.recordFailure(
                cause, TcpTransport.OUTBOUND_FAILED, TcpTransport.OUTBOUND_FAILED, remote);
            future.completeExceptionally(cause);
          }
        };
    new SecureHandshaker(loop, socket, remote, security.newChannel(true), outcome)
        .start(key, handshakeTimeout);
  }

  private void complete(TcpConnection connection) {
    if (!future.complete(connection)) {
      connection.close(DisconnectReason.REQUESTED);
    }
  }

  private void fail(Exception cause) {
    if (timer != null) {
      timer.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing failed dial socket", e);
    }
    if (cause instanceof IOException || cause instanceof TimeoutException) {
      future.completeExceptionally(cause);
    } else {
      future.completeExceptionally(new IOException("cannot dial " + remote, cause));
    }
  }
}
