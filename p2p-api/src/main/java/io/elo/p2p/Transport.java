package io.elo.p2p;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A way to reach peers: listens for inbound {@link Connection}s and dials outbound ones (the
 * jvm-libp2p / Besu shape). Elo ships a TCP transport and the in-memory {@code SimulatedNetwork};
 * applications may plug in their own.
 *
 * <p>All methods are thread-safe. Nothing here blocks on the network: {@link #listen} binds
 * synchronously, {@link #dial} completes its future later. Encryption, if the transport has any,
 * is local configuration and never negotiated; a transport that encrypts refuses plaintext peers.
 */
public interface Transport extends AutoCloseable {
  /**
   * Starts accepting connections on {@code bind} (port 0 picks a free port) and hands each one to
   * {@code inbound}. May be called once.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if already listening or closed
   */
  void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException;

  /**
   * Dials {@code remote}. The future completes with the connection (before any frame is
   * delivered: the caller sets the handler), or exceptionally with an {@link IOException} if the
   * peer cannot be reached, or with a {@link java.util.concurrent.TimeoutException} after {@code
   * timeout}.
   */
  CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout);

  /** The address actually bound by {@link #listen} (with the real port), if listening. */
  Optional<PeerAddress> listenAddress();

  /** Stops listening and closes every connection with {@link DisconnectReason#SHUTDOWN}. */
  @Override
  void close();

  /**
   * Registers {@code listener} to hear, at most once, that the transport failed for good: an
   * unexpected error, such as an {@link OutOfMemoryError} or an {@link Error} thrown by a handler,
   * ended one of the transport's own threads. The transport has then closed itself as by {@link
   * #close()}; its owner should stop what it built on it rather than run on without a network.
   * The listener runs on a transport thread and must not block; one registered after the failure
   * is called at once. The default does nothing, for transports that run no threads of their own
   * (the caller's threads then see their errors directly).
   */
  default void onFatalError(Consumer<? super Throwable> listener) {}
}
