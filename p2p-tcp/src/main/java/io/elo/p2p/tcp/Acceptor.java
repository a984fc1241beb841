package io.elo.p2p.tcp;

import io.elo.p2p.ConnectionHandler;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts inbound sockets on the first loop and hands each to a loop of the transport. A failed
 * accept (typically out of file descriptors) goes to the transport's failure log and stops
 * accepting for {@link #BACKOFF}: the pending connection would wake the selector at once and spin
 * the loop, one log line per turn.
 */
final class Acceptor implements IoLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  /** Accepts per wakeup, so a connection storm cannot starve the loop's other channels. */
  private static final int MAX_ACCEPTS = 64;
  /** How long accepting pauses after a failed accept. */
  static final Duration BACKOFF = Duration.ofMillis(100);
  static final String ACCEPT_FAILED = "inbound sockets not accepted";

  private final TcpTransport transport;
  private final ServerSocketChannel server;
  private final ConnectionHandler inbound;

  Acceptor(TcpTransport transport, ServerSocketChannel server, ConnectionHandler inbound) {
    this.transport = transport;
    this.server = server;
    this.inbound = inbound;
  }

  @Override
  public void onReady(SelectionKey key) {
    for (int i = 0; i < MAX_ACCEPTS; i++) {
      SocketChannel socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        transport.failures().record(ACCEPT_FAILED, null, String.valueOf(e));
        pause(key);
        return;
      }
      if (socket == null) {
        return;
      }
      transport.adoptInbound(socket, inbound);
    }
  }

  private void pause(SelectionKey key) {
    key.interestOps(0);
    transport.firstLoop().schedule(
        BACKOFF,
        () -> {
          if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
          }
        });
  }

  @Override
  public void onLoopClosed() {
    close();
  }

  void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.debug("closing the listening socket", e);
    }
  }
}
