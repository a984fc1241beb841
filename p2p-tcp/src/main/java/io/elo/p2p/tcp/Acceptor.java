package io.elo.p2p.tcp;

import io.elo.p2p.ConnectionHandler;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts inbound sockets on the first loop and hands each to a loop of the transport. */
final class Acceptor implements IoLoop.Ready {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  /** Accepts per wakeup, so a connection storm cannot starve the loop's other channels. */
  private static final int MAX_ACCEPTS = 64;

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
        // Typically out of file descriptors: log and try again on the next wakeup.
        log.warn("accept failed", e);
        return;
      }
      if (socket == null) {
        return;
      }
      transport.adoptInbound(socket, inbound);
    }
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
