package io.elo.p2p.tcp;

import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A man in the middle on loopback: relays one connection both ways and, when armed, flips the
 * last bit of the next chunk it relays from the dialler to the target (the tail of a Noise
 * message's tag). Blocking threads; test only.
 */
final class FlippingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final PeerAddress target;
  private final AtomicBoolean armed = new AtomicBoolean();
  private volatile Socket inbound;
  private volatile Socket outbound;

  FlippingProxy(PeerAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::run, "flipping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  PeerAddress address() {
    return new PeerAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Flips a bit in the next chunk relayed towards the target. */
  void arm() {
    armed.set(true);
  }

  private void run() {
    try {
      inbound = server.accept();
      outbound = new Socket();
      outbound.connect(new InetSocketAddress(target.ip(), target.port()));
      pump(outbound.getInputStream(), inbound.getOutputStream(), false);
      pump(inbound.getInputStream(), outbound.getOutputStream(), true);
    } catch (IOException e) {
      close();
    }
  }

  private void pump(InputStream in, OutputStream out, boolean towardsTarget) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[65536];
              try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  if (towardsTarget && armed.compareAndSet(true, false)) {
                    buffer[n - 1] ^= 1;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed
              }
              close();
            },
            "flipping-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {server, inbound, outbound}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
