package io.elo.p2p;

import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.ProtocolMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's life: challenge, signed hello, then pings and protocol messages. Frame
 * callbacks and timers take this object's lock, so everything about one peer is serialized (the
 * {@link ProtocolHandler} contract); the public {@link Peer} methods take no lock.
 */
final class PeerSession implements FrameHandler, Peer {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  private enum State {
    AWAIT_CHALLENGE,
    AWAIT_HELLO,
    AWAIT_READY,
    ACTIVE,
    CLOSED
  }

  private final DefaultPeerNetwork network;
  private final Connection connection;
  private final byte[] localNonce;
  private final CompletableFuture<Peer> connectFuture;
  private final Optional<NodeId> expectedId;
  private final AtomicReference<DisconnectReason> localReason = new AtomicReference<>();
  private final RateLimiter rateLimiter;
  private State state = State.AWAIT_CHALLENGE;
  private boolean begun;
  private byte[] remoteNonce;
  private DisconnectReason remoteReason;
  private ScheduledFuture<?> handshakeTimer;
  private ScheduledFuture<?> pingTimer;
  private Instant lastReceived;
  private long pingNonce;
  private Instant pingSentAt;
  private int missedPongs;
  private volatile Handshake.RemoteHello hello;
  private volatile boolean active;
  private volatile Instant connectedAt;
  private volatile Duration rtt;
  private volatile Duration minRtt;

  PeerSession(
      DefaultPeerNetwork network,
      Connection connection,
      byte[] localNonce,
      CompletableFuture<Peer> connectFuture,
      Optional<NodeId> expectedId) {
    this.network = network;
    this.connection = connection;
    this.localNonce = localNonce;
    this.connectFuture = connectFuture;
    this.expectedId = expectedId;
    this.rateLimiter = new RateLimiter(network.config().rateLimits());
  }

  /**
   * Sends the challenge and arms the handshake timer; once only. A frame that arrives before this
   * runs calls it first, so the challenge is always our first frame (else a fast peer's challenge
   * would make us send HELLO before CHALLENGE, which the peer refuses as a protocol error).
   */
  synchronized void begin() {
    if (begun) {
      return;
    }
    begun = true;
    lastReceived = network.now();
    sendRaw(Messages.CHALLENGE, Messages.challenge(localNonce));
    handshakeTimer =
        network.schedule(this::onHandshakeTimeout, network.config().handshakeTimeout());
  }

  /** The node id proven by the hello, once verified. */
  Optional<NodeId> verifiedNodeId() {
    Handshake.RemoteHello h = hello;
    return h == null ? Optional.empty() : Optional.of(h.nodeId());
  }

  byte[] localNonce() {
    return localNonce;
  }

  Optional<NodeId> expectedId() {
    return expectedId;
  }

  Optional<CompletableFuture<Peer>> connectFuture() {
    return Optional.ofNullable(connectFuture);
  }

  // ---- FrameHandler ----

  @Override
  public synchronized void onFrame(byte[] frame) {
    if (state == State.CLOSED) {
      return;
    }
    begin();
    lastReceived = network.now();
    Envelope envelope;
    try {
      envelope = Messages.decode(frame);
    } catch (FrameException e) {
      network.liveCounters().received(Messages.MALFORMED, frame.length);
      disconnect(e.reason());
      return;
    }
    if (envelope.getKindCase() != Envelope.KindCase.MESSAGE) {
      network.liveCounters().received(Messages.kind(envelope), frame.length);
    }
    switch (envelope.getKindCase()) {
      case CHALLENGE -> onChallenge(envelope.getChallenge().getNonce().toByteArray());
      case HELLO -> onHello(envelope);
      case READY -> onReady();
      case PING -> onPing(envelope.getPing().getNonce());
      case PING_REPLY -> onPong(envelope.getPingReply().getNonce());
      case DISCONNECT -> onDisconnect(envelope.getDisconnect().getReason());
      case MESSAGE -> onMessage(envelope.getMessage(), frame.length);
      case KIND_NOT_SET -> disconnect(DisconnectReason.PROTOCOL_ERROR);
    }
  }

  @Override
  public void onClose(DisconnectReason transportReason, boolean transportByRemote) {
    boolean wasActive;
    boolean wasAdmitted;
    DisconnectReason reason;
    boolean byRemote;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      if (state == State.ACTIVE
          && transportReason == DisconnectReason.AUTHENTICATION_FAILED
          && !transportByRemote
          && localReason.compareAndSet(null, DisconnectReason.AUTHENTICATION_FAILED)) {
        // Forged or corrupted ciphertext from an authenticated peer: misbehaviour, not bad luck.
        network.reportMisbehaviourAtClose(
            this, Severity.SERIOUS, "secure channel authentication failed");
      }
      wasActive = state == State.ACTIVE;
      wasAdmitted = wasActive || state == State.AWAIT_READY;
      state = State.CLOSED;
      active = false;
      cancel(handshakeTimer);
      cancel(pingTimer);
      DisconnectReason local = localReason.get();
      if (local != null) {
        reason = local;
        byRemote = false;
      } else if (remoteReason != null) {
        reason = remoteReason;
        byRemote = true;
      } else {
        reason = transportReason;
        byRemote = transportByRemote;
      }
      network.onClosed(this, wasAdmitted, wasActive, reason, byRemote);
    }
  }

  private void onChallenge(byte[] nonce) {
    if (state != State.AWAIT_CHALLENGE) {
      disconnect(DisconnectReason.PROTOCOL_ERROR);
    } else if (nonce.length != Handshake.NONCE_LENGTH) {
      disconnect(DisconnectReason.HANDSHAKE_FAILED);
    } else if (network.isLocalNonce(nonce)) {
      disconnect(DisconnectReason.SELF_CONNECTION);
    } else {
      remoteNonce = nonce;
      state = State.AWAIT_HELLO;
      sendRaw(
          Messages.HELLO,
          network.hello(localNonce, remoteNonce, connection.authenticatedNodeId().isEmpty()));
    }
  }

  private void onHello(Envelope envelope) {
    if (state != State.AWAIT_HELLO) {
      disconnect(DisconnectReason.PROTOCOL_ERROR);
      return;
    }
    Handshake.RemoteHello remote;
    try {
      remote =
          network.verifyHello(
              envelope.getHello(), localNonce, remoteNonce, connection.authenticatedNodeId());
    } catch (Handshake.Failure e) {
      LOG.debug("handshake with {} failed: {}", connection.remoteAddress(), e.getMessage());
      disconnect(e.reason);
      return;
    }
    hello = remote;
    Optional<DisconnectReason> refusal = network.admit(this, remote.nodeId());
    if (refusal.isPresent()) {
      disconnect(refusal.get());
      return;
    }
    state = State.AWAIT_READY;
    sendRaw(Messages.READY, Messages.ready());
  }

  private void onReady() {
    if (state != State.AWAIT_READY) {
      disconnect(DisconnectReason.PROTOCOL_ERROR);
      return;
    }
    state = State.ACTIVE;
    connectedAt = network.now();
    active = true;
    cancel(handshakeTimer);
    Duration interval = network.config().pingInterval();
    pingTimer = network.scheduleAtFixedRate(this::onPingTick, interval);
    network.onActive(this);
  }

  private void onPing(long nonce) {
    if (state != State.ACTIVE) {
      disconnect(DisconnectReason.PROTOCOL_ERROR);
    } else if (admitRateLimited(Messages.PING)) {
      sendRaw(Messages.PONG, Messages.pong(nonce));
    }
  }

  private void onPong(long nonce) {
    if (state != State.ACTIVE || pingSentAt == null || nonce != pingNonce) {
      return; // a late or unsolicited pong is harmless
    }
    Duration sample = Duration.between(pingSentAt, network.now());
    pingSentAt = null;
    missedPongs = 0;
    Duration smoothed = rtt;
    rtt = smoothed == null ? sample : smoothed.plus(sample.minus(smoothed).dividedBy(8));
    Duration min = minRtt;
    minRtt = min == null || sample.compareTo(min) < 0 ? sample : min;
  }

  private void onDisconnect(int code) {
    remoteReason = DisconnectReason.fromCode(code);
    connection.close(remoteReason);
  }

  private void onMessage(ProtocolMessage message, int frameLength) {
    if (state != State.ACTIVE) {
      network.liveCounters().received(Messages.UNREGISTERED, frameLength);
      disconnect(DisconnectReason.PROTOCOL_ERROR);
      return;
    }
    ProtocolId protocol;
    try {
      protocol = ProtocolId.of(message.getProtocol(), message.getVersion());
    } catch (IllegalArgumentException e) {
      network.liveCounters().received(Messages.UNREGISTERED, frameLength);
      disconnect(DisconnectReason.PROTOCOL_ERROR);
      return;
    }
    ProtocolHandler handler = network.handler(protocol);
    if (handler == null) {
      network.liveCounters().received(Messages.UNREGISTERED, frameLength);
      network.liveCounters().unknownProtocolMessages.increment();
      return;
    }
    network.liveCounters().received(protocol.toString(), frameLength);
    if (!admitRateLimited(protocol.toString())) {
      return;
    }
    try {
      handler.onMessage(this, Messages.payload(message));
    } catch (RuntimeException e) {
      LOG.warn("protocol {} failed on a message from {}", protocol, this, e);
      disconnect(DisconnectReason.PROTOCOL_ERROR);
    }
  }

  private boolean admitRateLimited(String kind) {
    RateLimiter.Verdict verdict = rateLimiter.check(kind, network.now());
    if (verdict == RateLimiter.Verdict.ALLOW) {
      return true;
    }
    network.liveCounters().rateLimitedMessages.increment();
    if (verdict == RateLimiter.Verdict.DROP_AND_REPORT) {
      reportMisbehaviour(Severity.MINOR, "rate limit exceeded: " + kind);
    } else if (verdict == RateLimiter.Verdict.DISCONNECT && !isStatic()) {
      LOG.info("peer {} far over the rate limit for {}: disconnecting", this, kind);
      disconnect(DisconnectReason.MISBEHAVIOUR);
    }
    return false;
  }

  private synchronized void onHandshakeTimeout() {
    if (state != State.ACTIVE && state != State.CLOSED) {
      disconnect(DisconnectReason.TIMEOUT);
    }
  }

  private synchronized void onPingTick() {
    if (state != State.ACTIVE) {
      return;
    }
    Instant now = network.now();
    if (Duration.between(lastReceived, now).compareTo(network.config().idleTimeout()) >= 0) {
      disconnect(DisconnectReason.IDLE);
      return;
    }
    if (pingSentAt != null && ++missedPongs >= network.config().maxMissedPongs()) {
      disconnect(DisconnectReason.TIMEOUT);
      return;
    }
    pingNonce = network.nextPingNonce();
    pingSentAt = now;
    sendRaw(Messages.PING, Messages.ping(pingNonce));
  }

  private boolean sendRaw(String kind, byte[] frame) {
    if (connection.send(frame)) {
      network.liveCounters().sent(kind, frame.length);
      return true;
    }
    return false;
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  // ---- Peer ----

  @Override
  public NodeId nodeId() {
    return hello.nodeId();
  }

  @Override
  public PeerAddress address() {
    return connection.remoteAddress();
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    Handshake.RemoteHello h = hello;
    return h == null ? Optional.empty() : h.listenAddress();
  }

  @Override
  public boolean isInbound() {
    return connection.isInbound();
  }

  @Override
  public boolean isStatic() {
    return network.isStatic(connection);
  }

  @Override
  public Set<ProtocolId> protocols() {
    Handshake.RemoteHello h = hello;
    return h == null ? Set.of() : h.protocols();
  }

  @Override
  public Instant connectedAt() {
    return connectedAt;
  }

  @Override
  public Optional<Duration> rtt() {
    return Optional.ofNullable(rtt);
  }

  @Override
  public Optional<Duration> minRtt() {
    return Optional.ofNullable(minRtt);
  }

  @Override
  public boolean isConnected() {
    return active && connection.isOpen();
  }

  @Override
  public boolean send(ProtocolId protocol, byte[] payload) {
    if (!active) {
      return false;
    }
    byte[] frame = Messages.protocolMessage(protocol, payload);
    if (frame.length > connection.maxFrameSize()) {
      return false;
    }
    return sendRaw(protocol.toString(), frame);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    if (localReason.compareAndSet(null, reason)) {
      sendRaw(Messages.DISCONNECT, Messages.disconnect(reason));
      connection.close(reason);
    }
  }

  @Override
  public void reportMisbehaviour(Severity severity, String description) {
    network.reportMisbehaviour(this, severity, description);
  }

  @Override
  public String toString() {
    Handshake.RemoteHello h = hello;
    return (h == null ? "?" : h.nodeId().toShortHex()) + "@" + connection.remoteAddress();
  }
}
