package io.elo.p2p.tcp;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listening transport on 127.0.0.1 (or ::1) and a way to open connections to it; the {@code
 * ipv4} factories encrypt with two identities.
 */
final class Loopback implements AutoCloseable {
  static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

  final TcpTransport server;
  final TcpTransport client;
  final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

  Loopback(TcpTransportBuilder serverBuilder, TcpTransportBuilder clientBuilder, String host)
      throws IOException {
    this.server = serverBuilder.build();
    this.client = clientBuilder.build();
    server.listen(PeerAddress.of(host, 0), accepted::add);
  }

  static Loopback ipv4() throws IOException {
    return ipv4(TcpTransport.builder());
  }

  /** Server and client from one builder, each with its own encrypting identity. */
  static Loopback ipv4(TcpTransportBuilder both) throws IOException {
    TcpTransport server = both.security(encrypted(1)).build();
    return new Loopback(server, both.security(encrypted(2)).build(), "127.0.0.1");
  }

  private Loopback(TcpTransport server, TcpTransport client, String host) throws IOException {
    this.server = server;
    this.client = client;
    server.listen(PeerAddress.of(host, 0), accepted::add);
  }

  /** An encrypting configuration with a fresh identity (seeded, so runs are repeatable). */
  static ChannelSecurity encrypted(long seed) {
    SecureRandom random = new SecureRandom();
    random.setSeed(seed);
    return ChannelSecurity.encrypted(NodeIdentity.generate(random), random);
  }

  PeerAddress address() {
    return server.listenAddress().orElseThrow();
  }

  /** A dialled connection and its accepted other end, handlers not yet set. */
  Connection[] connect() throws Exception {
    Connection dialled = client.dial(address(), DIAL_TIMEOUT).get(20, TimeUnit.SECONDS);
    Connection other = accepted.poll(20, TimeUnit.SECONDS);
    if (other == null) {
      throw new AssertionError("no inbound connection");
    }
    return new Connection[] {dialled, other};
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
