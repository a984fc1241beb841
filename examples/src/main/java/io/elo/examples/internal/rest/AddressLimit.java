package io.elo.examples.internal.rest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of one client IP address: a connection beyond the cap is closed as
 * soon as it is accepted, before any byte is read, so one address cannot fill the server's total
 * connection limit. Both maps hold only open connections, so they are bounded by the server's
 * total limit. Added to the connector as a bean; Jetty calls it on its selector threads.
 */
final class AddressLimit implements SelectorManager.AcceptListener {
  private static final Logger LOG = LoggerFactory.getLogger(AddressLimit.class);

  private final int perAddress;
  private final Map<SelectableChannel, InetAddress> open = new IdentityHashMap<>();
  private final Map<InetAddress, Integer> counts = new HashMap<>();
  private long refused;

  AddressLimit(int perAddress) {
    this.perAddress = perAddress;
  }

  @Override
  public void onAccepting(SelectableChannel channel) {
    InetAddress address = remoteAddress(channel);
    if (address == null) {
      return; // not a socket, or already closed: nothing to count
    }
    synchronized (this) {
      int count = counts.getOrDefault(address, 0);
      if (count < perAddress) {
        counts.put(address, count + 1);
        open.put(channel, address);
        return;
      }
      refused++;
    }
    LOG.debug("closing a connection from {}: {} already open", address, perAddress);
    IO.close(channel);
  }

  @Override
  public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
    release(channel);
  }

  @Override
  public void onClosed(SelectableChannel channel) {
    release(channel);
  }

  private synchronized void release(SelectableChannel channel) {
    InetAddress address = open.remove(channel);
    if (address != null) {
      counts.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Connections closed at accept because their address was at the cap, since start (metric). */
  synchronized long refused() {
    return refused;
  }

  private static InetAddress remoteAddress(SelectableChannel channel) {
    if (!(channel instanceof SocketChannel socket)) {
      return null;
    }
    try {
      SocketAddress remote = socket.getRemoteAddress();
      return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
