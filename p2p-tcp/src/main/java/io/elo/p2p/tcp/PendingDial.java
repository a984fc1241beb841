package io.elo.p2p.tcp;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An outbound socket between {@code connect} and established; loop thread only. */
final class PendingDial implements IoLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(PendingDial.class);

  private final TcpTransport transport;
  private final IoLoop loop;
  private final SocketChannel socket;
  private final PeerAddress remote;
  private final CompletableFuture<Connection> future;
  private IoLoop.Timer timer;
  private SelectionKey key;

  PendingDial(
      TcpTransport transport,
      IoLoop loop,
      SocketChannel socket,
      PeerAddress remote,
      CompletableFuture<Connection> future) {
    this.transport = transport;
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
    TcpConnection connection = transport.newConnection(loop, socket, false);
    // The connecting registration's key, if any, becomes the connection's.
    connection.register(key);
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
