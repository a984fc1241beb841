package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Local configuration of the secure channel that stream transports put between the socket and the
 * frames: encrypted ({@code Noise_XX_25519_ChaChaPoly_SHA256} bound to the node identity, the
 * default) or plaintext. It is never negotiated: an encrypting node refuses plaintext peers and a
 * plaintext node cannot talk to an encrypting one.
 *
 * <p>An encrypting configuration holds one Noise static key pair, generated from the given random
 * source, and the identity key's signature over it (made once); every connection gets a fresh
 * ephemeral key. Keys rotate (Noise REKEY) every {@link #rekeyInterval()} messages per direction.
 * Thread-safe and immutable apart from the random source it draws ephemeral keys from.
 */
public final class ChannelSecurity {
  /** Default for {@link #withRekeyInterval}: 2^20 messages per direction between key changes. */
  public static final long DEFAULT_REKEY_INTERVAL = 1L << 20;

  /**
   * The Noise prologue: both sides mix it into the handshake hash, so a peer speaking another
   * protocol over Noise fails the handshake instead of misreading it.
   */
  static final byte[] PROLOGUE = "elo/p2p/noise/v1".getBytes(StandardCharsets.UTF_8);

  private static final ChannelSecurity PLAINTEXT = new ChannelSecurity(null, null, null, null, 0);

  private final NodeIdentity identity;
  private final SecureRandom random;
  private final byte[] staticPrivate;
  private final byte[] identityProof;
  private final long rekeyInterval;

  private ChannelSecurity(
      NodeIdentity identity,
      SecureRandom random,
      byte[] staticPrivate,
      byte[] identityProof,
      long rekeyInterval) {
    this.identity = identity;
    this.random = random;
    this.staticPrivate = staticPrivate;
    this.identityProof = identityProof;
    this.rekeyInterval = rekeyInterval;
  }

  /**
   * Encrypts and authenticates every connection, proving {@code identity} in the handshake; the
   * static key and every ephemeral key come from {@code random}.
   */
  public static ChannelSecurity encrypted(NodeIdentity identity, SecureRandom random) {
    checkNotNull(identity, "identity");
    checkNotNull(random, "random");
    byte[] staticPrivate = new byte[NoiseHandshake.DH_LENGTH];
    random.nextBytes(staticPrivate);
    byte[] proof = NoiseIdentityProof.create(identity, NoiseHandshake.publicKey(staticPrivate));
    return new ChannelSecurity(identity, random, staticPrivate, proof, DEFAULT_REKEY_INTERVAL);
  }

  /**
   * No secure channel: frames go on the stream as they are and the peer layer's signed hello
   * proves identities. Only for tests and networks that secure the link some other way.
   */
  public static ChannelSecurity plaintext() {
    return PLAINTEXT;
  }

  /**
   * Returns this configuration with keys rotating every {@code messages} messages per direction
   * (both sides must use the same value, which is local configuration like encryption itself).
   *
   * @throws IllegalStateException if this configuration is plaintext
   */
  public ChannelSecurity withRekeyInterval(long messages) {
    checkState(isEncrypted(), "plaintext has no keys to rotate");
    checkArgument(messages >= 1, "rekey interval must be positive: %s", messages);
    return new ChannelSecurity(identity, random, staticPrivate, identityProof, messages);
  }

  /** Whether connections are encrypted (the default everywhere). */
  public boolean isEncrypted() {
    return identity != null;
  }

  /** Messages per direction between key rotations; 0 for plaintext. */
  public long rekeyInterval() {
    return rekeyInterval;
  }

  /** The node id this configuration proves in handshakes. */
  public NodeId localNodeId() {
    checkState(isEncrypted(), "plaintext proves no identity");
    return identity.nodeId();
  }

  /**
   * Starts the channel of one new connection; {@code initiator} is the side that dialled.
   *
   * @throws IllegalStateException if this configuration is plaintext
   */
  public SecureChannel newChannel(boolean initiator) {
    checkState(isEncrypted(), "plaintext has no secure channel");
    byte[] ephemeral = new byte[NoiseHandshake.DH_LENGTH];
    random.nextBytes(ephemeral);
    return new SecureChannel(
        new NoiseHandshake(initiator, PROLOGUE, staticPrivate, ephemeral),
        identityProof,
        rekeyInterval);
  }

  /** The identity proof this configuration sends (tests build relays from it). */
  byte[] identityProof() {
    return identityProof.clone();
  }

  @Override
  public String toString() {
    return isEncrypted()
        ? "ChannelSecurity{Noise XX, " + identity.nodeId().toShortHex() + ", rekey every "
            + rekeyInterval + "}"
        : "ChannelSecurity{plaintext}";
  }
}
