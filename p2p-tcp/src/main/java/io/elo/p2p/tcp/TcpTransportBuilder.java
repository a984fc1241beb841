package io.elo.p2p.tcp;

import static io.elo.p2p.tcp.Checks.checkArgument;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.NetGroups;
import io.elo.p2p.SecureChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link TcpTransport}. The channel {@link #security} must be chosen: encrypted ({@link
 * ChannelSecurity#encrypted}, the default a node uses) or, explicitly, plaintext. Every other
 * setting has a default (listed on each method and in docs/p2p.md); {@link #build} starts the I/O
 * threads. Not thread-safe.
 */
public final class TcpTransportBuilder {
  /** Default for {@link #connectTimeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default for {@link #closeTimeout}. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);
  /** Default for {@link #sendQueueFrames}. */
  public static final int DEFAULT_SEND_QUEUE_FRAMES = 4096;
  /** Default for {@link #sendQueueBytes}: two maximal frames. */
  public static final long DEFAULT_SEND_QUEUE_BYTES = 2L * FrameCodec.DEFAULT_MAX_FRAME_SIZE;
  /** Default for {@link #heldInboundBytes}. */
  public static final int DEFAULT_HELD_INBOUND_BYTES = 1024 * 1024;
  /** Default for {@link #frameBudget}: 64 MiB, sixteen maximal frames. */
  public static final long DEFAULT_FRAME_BUDGET = 64L << 20;
  /** Default for {@link #acceptBacklog}. */
  public static final int DEFAULT_ACCEPT_BACKLOG = 1024;
  /** Default for {@link #ioThreads}: one selector thread, which measured best (docs/p2p.md). */
  public static final int DEFAULT_IO_THREADS = 1;
  /** Default for {@link #handshakeTimeout}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Default for {@link #maxPendingHandshakes}. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 64;
  /** Default for {@link #maxPendingHandshakesPerIp}: an eighth of the default total. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP = 8;
  /** Default for {@link #maxPendingHandshakesPerNetGroup}: a quarter of the default total. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP = 16;

  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  private int maxFrameSize = FrameCodec.DEFAULT_MAX_FRAME_SIZE;
  private int sendQueueFrames = DEFAULT_SEND_QUEUE_FRAMES;
  private Long sendQueueBytes;
  private int heldInboundBytes = DEFAULT_HELD_INBOUND_BYTES;
  private long frameBudget = DEFAULT_FRAME_BUDGET;
  private int socketSendBuffer;
  private int socketReceiveBuffer;
  private int acceptBacklog = DEFAULT_ACCEPT_BACKLOG;
  private int ioThreads = DEFAULT_IO_THREADS;
  private InstantSource clock = InstantSource.system();
  private ThreadFactory threadFactory;
  private ChannelSecurity security;
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
  private int maxPendingHandshakesPerIp = DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP;
  private int maxPendingHandshakesPerNetGroup = DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP;
  private NetGroups netGroups = NetGroups.standard();

  TcpTransportBuilder() {}

  /**
   * The longest a dial may take (default 10 s); a shorter timeout passed to {@link
   * TcpTransport#dial} wins.
   */
  public TcpTransportBuilder connectTimeout(Duration value) {
    this.connectTimeout = positive(value);
    return this;
  }

  /**
   * How long a closing connection may spend flushing its queued frames and waiting for the peer's
   * end of stream before the socket is closed anyway (default 2 s).
   */
  public TcpTransportBuilder closeTimeout(Duration value) {
    this.closeTimeout = positive(value);
    return this;
  }

  /** The largest frame sent or accepted, in bytes (default {@link FrameCodec#DEFAULT_MAX_FRAME_SIZE}). */
  public TcpTransportBuilder maxFrameSize(int value) {
    checkArgument(value > 0 && value <= Integer.MAX_VALUE - 8, "bad max frame size: %s", value);
    this.maxFrameSize = value;
    return this;
  }

  /**
   * Most frames queued for sending per connection (default {@value #DEFAULT_SEND_QUEUE_FRAMES});
   * one more closes the connection with {@code SEND_QUEUE_FULL}.
   */
  public TcpTransportBuilder sendQueueFrames(int value) {
    checkArgument(value >= 1, "send queue must hold a frame: %s", value);
    this.sendQueueFrames = value;
    return this;
  }

  /**
   * Most bytes queued for sending per connection (default two maximal frames); more closes the
   * connection with {@code SEND_QUEUE_FULL}. Must hold at least one maximal frame.
   */
  public TcpTransportBuilder sendQueueBytes(long value) {
    checkArgument(value >= 1, "send queue must hold a frame: %s", value);
    this.sendQueueBytes = value;
    return this;
  }

  /**
   * Bytes of frames held for a connection whose handler is not set yet (default 1 MiB); past it
   * the transport stops reading the socket until the handler is set, so the peer is held back by
   * TCP flow control rather than by memory.
   */
  public TcpTransportBuilder heldInboundBytes(int value) {
    checkArgument(value >= 1, "held bytes must be positive: %s", value);
    this.heldInboundBytes = value;
    return this;
  }

  /**
   * Bytes of frames being received, over all connections, that may be allocated at their full
   * announced size before they arrived (default 64 MiB; see {@link io.elo.p2p.FrameBudget}). A
   * frame over 64 KiB is allocated whole once 16 KiB of it are in hand and this has room, so its
   * payload is written once; past it, frames grow with what arrives (copies, at most twice what
   * the peer sent). 0 always grows.
   */
  public TcpTransportBuilder frameBudget(long value) {
    checkArgument(value >= 0, "negative frame budget: %s", value);
    this.frameBudget = value;
    return this;
  }

  /** The socket send buffer (SO_SNDBUF) in bytes; 0, the default, keeps the OS setting. */
  public TcpTransportBuilder socketSendBuffer(int value) {
    checkArgument(value >= 0, "negative buffer size: %s", value);
    this.socketSendBuffer = value;
    return this;
  }

  /** The socket receive buffer (SO_RCVBUF) in bytes; 0, the default, keeps the OS setting. */
  public TcpTransportBuilder socketReceiveBuffer(int value) {
    checkArgument(value >= 0, "negative buffer size: %s", value);
    this.socketReceiveBuffer = value;
    return this;
  }

  /** The listen backlog (default {@value #DEFAULT_ACCEPT_BACKLOG}; the OS may cap it). */
  public TcpTransportBuilder acceptBacklog(int value) {
    checkArgument(value >= 1, "backlog must be positive: %s", value);
    this.acceptBacklog = value;
    return this;
  }

  /** Selector threads, 1 or 2 (default {@value #DEFAULT_IO_THREADS}). */
  public TcpTransportBuilder ioThreads(int value) {
    checkArgument(value == 1 || value == 2, "1 or 2 I/O threads, not %s", value);
    this.ioThreads = value;
    return this;
  }

  /** The clock for connect and close deadlines (default the system clock). */
  public TcpTransportBuilder clock(InstantSource value) {
    this.clock = Objects.requireNonNull(value);
    return this;
  }

  /** Makes the I/O threads (default: daemon threads named {@code elo-tcp-io-N}). */
  public TcpTransportBuilder threadFactory(ThreadFactory value) {
    this.threadFactory = Objects.requireNonNull(value);
    return this;
  }

  /**
   * The secure channel between socket and frames (required): {@link
   * ChannelSecurity#encrypted(io.elo.p2p.NodeIdentity, java.security.SecureRandom)} with the
   * node's identity, or {@link ChannelSecurity#plaintext()}. An encrypting transport runs the
   * Noise handshake before a connection is handed out (dial futures complete, inbound handlers
   * run, only after it) and refuses plaintext peers; a plaintext one cannot reach encrypting
   * nodes. Never negotiated on the wire.
   */
  public TcpTransportBuilder security(ChannelSecurity value) {
    this.security = Objects.requireNonNull(value);
    return this;
  }

  /** Longest a secure handshake may take once the socket is connected (default 10 s). */
  public TcpTransportBuilder handshakeTimeout(Duration value) {
    this.handshakeTimeout = positive(value);
    return this;
  }

  /**
   * Most inbound sockets in the secure handshake at once (default {@value
   * #DEFAULT_MAX_PENDING_HANDSHAKES}); more are closed on accept, and so are sockets past the
   * per-IP and per-net-group shares below. Stalled handshakes end at the {@link
   * #handshakeTimeout}.
   */
  public TcpTransportBuilder maxPendingHandshakes(int value) {
    checkArgument(value >= 1, "pending handshakes must be positive: %s", value);
    this.maxPendingHandshakes = value;
    return this;
  }

  /**
   * Most of the pending secure handshakes one IP may hold (default {@value
   * #DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP}), so one address cannot keep newcomers out; its
   * further sockets are closed on accept. Addresses exempt under {@link #netGroups} are not
   * capped.
   */
  public TcpTransportBuilder maxPendingHandshakesPerIp(int value) {
    checkArgument(value >= 1, "pending handshakes per IP must be positive: %s", value);
    this.maxPendingHandshakesPerIp = value;
    return this;
  }

  /**
   * Most of the pending secure handshakes one net group may hold (default {@value
   * #DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP}). Addresses exempt under {@link #netGroups}
   * are not capped.
   */
  public TcpTransportBuilder maxPendingHandshakesPerNetGroup(int value) {
    checkArgument(value >= 1, "pending handshakes per net group must be positive: %s", value);
    this.maxPendingHandshakesPerNetGroup = value;
    return this;
  }

  /**
   * The net groups, and the exempt addresses, of the per-IP and per-group caps on pending
   * handshakes (default {@link NetGroups#standard()}: nothing exempt). Give it the same function
   * as the peer network's.
   */
  public TcpTransportBuilder netGroups(NetGroups value) {
    this.netGroups = Objects.requireNonNull(value);
    return this;
  }

  /**
   * Builds the transport and starts its I/O threads.
   *
   * @throws IllegalArgumentException if the send queue cannot hold one maximal frame
   * @throws IllegalStateException if no {@link #security} was chosen
   */
  public TcpTransport build() {
    Checks.checkState(
        security != null,
        "choose the channel security: ChannelSecurity.encrypted(identity, random), or"
            + " ChannelSecurity.plaintext() explicitly");
    long queueBytes =
        sendQueueBytes != null
            ? sendQueueBytes
            : Math.max(
                DEFAULT_SEND_QUEUE_BYTES,
                // 2 KiB per frame covers the secure channel's record overhead (18 bytes per 64 KiB).
                2L * (maxFrameSize + FrameCodec.HEADER_LENGTH + 2048));
    long maximalFrameOnWire =
        security.isEncrypted()
            ? SecureChannel.sealedLength((long) maxFrameSize + FrameCodec.HEADER_LENGTH)
            : (long) maxFrameSize + FrameCodec.HEADER_LENGTH;
    checkArgument(
        queueBytes >= maximalFrameOnWire,
        "send queue of %s bytes cannot hold a frame of %s bytes",
        queueBytes,
        maxFrameSize);
    return new TcpTransport(
        new TcpConfig(
            connectTimeout,
            closeTimeout,
            maxFrameSize,
            sendQueueFrames,
            queueBytes,
            heldInboundBytes,
            frameBudget,
            socketSendBuffer,
            socketReceiveBuffer,
            acceptBacklog,
            ioThreads,
            clock,
            threadFactory != null ? threadFactory : defaultThreadFactory(),
            security,
            handshakeTimeout,
            maxPendingHandshakes,
            maxPendingHandshakesPerIp,
            maxPendingHandshakesPerNetGroup,
            netGroups));
  }

  private static ThreadFactory defaultThreadFactory() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "elo-tcp-io-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static Duration positive(Duration value) {
    checkArgument(
        !value.isNegative() && !value.isZero(), "duration must be positive: %s", value);
    return value;
  }
}
