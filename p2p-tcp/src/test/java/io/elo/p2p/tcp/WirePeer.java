package io.elo.p2p.tcp;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.FrameDecoder;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import io.elo.p2p.WireFrames;
import io.elo.p2p.internal.proto.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A hand-driven peer on a blocking socket: a real Noise session (so it can speak the peer
 * protocol correctly, then misbehave below or above the secure channel) or none at all. Not
 * thread-safe except that {@link #sendFrame} and {@link #sendWire} may be called while another
 * thread reads.
 */
final class WirePeer implements AutoCloseable {
  /** An identity and the encrypting configuration it signs. */
  record Keys(NodeIdentity identity, ChannelSecurity security) {
    /** A fresh identity. */
    static Keys fresh() {
      SecureRandom random = new SecureRandom();
      NodeIdentity identity = NodeIdentity.generate(random);
      return new Keys(identity, ChannelSecurity.encrypted(identity, random));
    }
  }

  /** How a connection ended, seen from this side. */
  record End(boolean ended, Optional<DisconnectReason> disconnectMessage, long elapsedMillis) {}

  final Socket socket;
  final Keys keys;
  final byte[] nonce = new byte[WireFrames.NONCE_LENGTH];
  private final SecureChannel channel;
  private final InputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();
  private final FrameDecoder decoder =
      FrameCodec.of(FrameCodec.DEFAULT_MAX_FRAME_SIZE).newDecoder();
  private final ArrayDeque<Envelope> inbox = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[64 * 1024];
  private ByteBuffer leftover = ByteBuffer.allocate(0);
  private Optional<DisconnectReason> disconnectMessage = Optional.empty();
  private boolean ended;

  private WirePeer(Socket socket, Keys keys) throws IOException {
    this.socket = socket;
    this.keys = keys;
    this.channel = keys.security().newChannel(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    new SecureRandom().nextBytes(nonce);
  }

  /** Connects a plain socket to {@code target}. */
  static Socket rawSocket(PeerAddress target) throws IOException {
    return rawSocket(target, null);
  }

  /** Connects a plain socket from {@code from} (any local address if null) to {@code target}. */
  static Socket rawSocket(PeerAddress target, InetAddress from) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    if (from != null) {
      socket.bind(new InetSocketAddress(from, 0));
    }
    socket.connect(new InetSocketAddress(target.ip(), target.port()), 5_000);
    return socket;
  }

  /** Connects and completes the Noise handshake as {@code security}'s identity. */
  static WirePeer secure(PeerAddress target, Keys keys) throws IOException {
    return secure(target, keys, null);
  }

  /** Like {@link #secure(PeerAddress, Keys)}, from local address {@code from}. */
  static WirePeer secure(PeerAddress target, Keys keys, InetAddress from) throws IOException {
    WirePeer peer = new WirePeer(rawSocket(target, from), keys);
    try {
      peer.noiseHandshake();
    } catch (IOException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  /** Connects and completes the Noise handshake as a fresh identity. */
  static WirePeer secure(PeerAddress target) throws IOException {
    return secure(target, Keys.fresh());
  }

  /** Connects, completes the Noise handshake and the peer handshake (Challenge, Hello, Ready). */
  static WirePeer connected(PeerAddress target, Keys keys) throws IOException {
    return connected(target, keys, null);
  }

  /** Like {@link #connected(PeerAddress, Keys)}, from local address {@code from}. */
  static WirePeer connected(PeerAddress target, Keys keys, InetAddress from) throws IOException {
    WirePeer peer = secure(target, keys, from);
    try {
      peer.peerHandshake();
    } catch (IOException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  private void noiseHandshake() throws IOException {
    socket.setSoTimeout(10_000);
    writeRaw(channel.start());
    while (!channel.isEstablished()) {
      int n = in.read(readBuffer);
      if (n < 0) {
        throw new IOException("stream ended in the Noise handshake");
      }
      ByteBuffer received = ByteBuffer.wrap(readBuffer, 0, n);
      while (received.hasRemaining() && !channel.isEstablished()) {
        writeRaw(channel.receiveHandshake(received));
      }
      leftover = ByteBuffer.allocate(received.remaining()).put(received).flip();
    }
  }

  /** Challenge, hello (no extra protocols), ready: afterwards the node counts this as a peer. */
  void peerHandshake() throws IOException {
    sendFrame(WireFrames.challenge(nonce));
    Envelope challenge = await(Envelope::hasChallenge, Duration.ofSeconds(10));
    sendFrame(hello(challenge, 0));
    await(Envelope::hasReady, Duration.ofSeconds(10));
    sendFrame(WireFrames.ready());
  }

  /** Sends the challenge and returns the node's (for tests that misbehave in the hello). */
  Envelope exchangeChallenges() throws IOException {
    sendFrame(WireFrames.challenge(nonce));
    return await(Envelope::hasChallenge, Duration.ofSeconds(10));
  }

  /** A hello echoing this peer's nonce, announcing {@code protocols} protocols. */
  byte[] hello(Envelope nodeChallenge, int protocols) {
    return WireFrames.hello(
        keys.identity(),
        nonce,
        nodeChallenge.getChallenge().getNonce().toByteArray(),
        protocols);
  }

  /** Seals one frame (length prefix and payload) and writes it. */
  void sendFrame(byte[] frame) throws IOException {
    ByteBuffer stream = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH + frame.length);
    stream.putInt(frame.length).put(frame).flip();
    sendPlaintext(stream);
  }

  /** Seals arbitrary plaintext stream bytes (say, a bare frame header) and writes them. */
  void sendPlaintext(ByteBuffer plaintext) throws IOException {
    synchronized (writeLock) {
      writeRaw(sealed(plaintext));
    }
  }

  /** Seals plaintext stream bytes without sending them (to tamper with first). */
  byte[] seal(byte[] plaintext) {
    synchronized (writeLock) {
      return sealed(ByteBuffer.wrap(plaintext));
    }
  }

  /** Writes bytes below the secure channel, as they are. */
  void sendWire(byte[] wire) throws IOException {
    synchronized (writeLock) {
      writeRaw(wire);
    }
  }

  private byte[] sealed(ByteBuffer plaintext) {
    ByteBuffer wire = channel.seal(plaintext);
    byte[] bytes = new byte[wire.remaining()];
    wire.get(bytes);
    return bytes;
  }

  private void writeRaw(byte[] bytes) throws IOException {
    if (bytes.length > 0) {
      out.write(bytes);
      out.flush();
    }
  }

  /** The next envelope from the node, waiting up to {@code timeout}; empty on timeout or end. */
  Optional<Envelope> poll(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (leftover.hasRemaining()) {
      channel.open(leftover, this::decode);
    }
    while (inbox.isEmpty() && !ended) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return Optional.empty();
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(readBuffer);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      } catch (IOException e) {
        // A reset: the node closed with bytes of ours unread. Ended all the same.
        ended = true;
        break;
      }
      if (n < 0) {
        ended = true;
        break;
      }
      channel.open(ByteBuffer.wrap(readBuffer, 0, n), this::decode);
    }
    Envelope next = inbox.poll();
    if (next != null && next.hasDisconnect() && disconnectMessage.isEmpty()) {
      disconnectMessage = Optional.of(DisconnectReason.fromCode(next.getDisconnect().getReason()));
    }
    return Optional.ofNullable(next);
  }

  private void decode(ByteBuffer plaintext) {
    decoder.feed(plaintext, frame -> inbox.add(WireFrames.decode(frame)));
  }

  /** Reads until an envelope matching {@code wanted}; fails on the stream's end or timeout. */
  Envelope await(Predicate<Envelope> wanted, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Envelope> next = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (next.isEmpty()) {
        throw new IOException(
            "no such message; ended " + ended + ", disconnect " + disconnectMessage);
      }
      if (wanted.test(next.get())) {
        return next.get();
      }
    }
  }

  /**
   * Reads (discarding, but noting a {@code Disconnect}) until the node ends the stream or
   * {@code timeout} passes.
   */
  End awaitEnd(Duration timeout) throws IOException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!ended && System.nanoTime() < deadline) {
      poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    while (!inbox.isEmpty()) {
      poll(Duration.ZERO);
    }
    return new End(ended, disconnectMessage, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
