package io.elo.p2p;

/**
 * Receives the connections a {@link Transport} accepts. Called on a transport thread; must not
 * block. It must call {@link Connection#setHandler} (or close the connection) promptly, because
 * frames are held until it does.
 */
@FunctionalInterface
public interface ConnectionHandler {
  /** Called once for each inbound connection, before any of its frames is delivered. */
  void onConnection(Connection connection);
}
