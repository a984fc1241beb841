package io.elo.p2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.crypto.Hash;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.p2p.internal.proto.Address;
import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.Hello;
import io.elo.p2p.internal.proto.HelloBody;
import io.elo.p2p.internal.proto.ProtocolRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Builds and checks the signed hello. The signature covers a domain tag, the receiver's challenge
 * nonce and the exact body bytes, so a hello proves possession of the key for this connection
 * only and cannot be replayed; the node id is the hash of the key, so it cannot be claimed by
 * anyone else.
 *
 * <p>On a connection whose secure channel authenticated the peer ({@link
 * Connection#authenticatedNodeId()}), the channel's binding of identity key to Noise static key
 * replaces the signature: the hello is sent unsigned and must name the node the channel proved.
 * A nonce signature alone could be relayed by a man in the middle; the channel binding cannot.
 */
final class Handshake {
  /** The peer-protocol version this code speaks. */
  static final int PROTOCOL_VERSION = 1;
  /** Length of a challenge nonce, in bytes. */
  static final int NONCE_LENGTH = 32;
  /** Most protocols a hello may announce. */
  static final int MAX_PROTOCOLS = 64;

  private static final byte[] DOMAIN = "elo/p2p/hello/v1".getBytes(StandardCharsets.UTF_8);

  /** What a verified hello tells about the remote node. */
  record RemoteHello(
      NodeId nodeId, PublicKey key, Optional<PeerAddress> listenAddress, Set<ProtocolId> protocols) {}

  /** A handshake refusal with the reason to disconnect for. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient DisconnectReason reason;

    Failure(DisconnectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private Handshake() {}

  /** The local side's hello, signed over {@code remoteNonce}. */
  static byte[] hello(
      NodeIdentity identity,
      int networkId,
      Hash genesis,
      Optional<PeerAddress> listen,
      Set<ProtocolId> protocols,
      byte[] localNonce,
      byte[] remoteNonce) {
    return hello(identity, networkId, genesis, listen, protocols, localNonce, remoteNonce, true);
  }

  /**
   * The local side's hello, signed over {@code remoteNonce} if {@code sign}, unsigned on a
   * connection whose secure channel proves the identity.
   */
  static byte[] hello(
      NodeIdentity identity,
      int networkId,
      Hash genesis,
      Optional<PeerAddress> listen,
      Set<ProtocolId> protocols,
      byte[] localNonce,
      byte[] remoteNonce,
      boolean sign) {
    HelloBody.Builder body =
        HelloBody.newBuilder()
            .setProtocolVersion(PROTOCOL_VERSION)
            .setNetworkId(networkId)
            .setGenesisHash(ByteString.copyFrom(genesis.toBytes()))
            .setKeyScheme(identity.publicKey().scheme().id() & 0xff)
            .setPublicKey(ByteString.copyFrom(identity.publicKey().toBytes()))
            .setNodeId(ByteString.copyFrom(identity.nodeId().toBytes()))
            .setNonce(ByteString.copyFrom(localNonce));
    listen.ifPresent(
        a ->
            body.setListenAddress(
                Address.newBuilder().setIp(ByteString.copyFrom(a.ipBytes())).setPort(a.port())));
    for (ProtocolId protocol : protocols) {
      body.addProtocols(
          ProtocolRef.newBuilder().setName(protocol.name()).setVersion(protocol.version()));
    }
    byte[] bodyBytes = body.build().toByteArray();
    byte[] signature = sign ? identity.sign(signedMessage(remoteNonce, bodyBytes)) : new byte[0];
    return Envelope.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setBody(ByteString.copyFrom(bodyBytes))
                .setSignature(ByteString.copyFrom(signature)))
        .build()
        .toByteArray();
  }

  /**
   * Checks a received hello: version, network, genesis, key, claimed id, echoed nonce, signature
   * over {@code localNonce}, listen address and protocols.
   */
  static RemoteHello verify(
      Hello hello, int networkId, Hash genesis, byte[] localNonce, byte[] remoteNonce)
      throws Failure {
    return verify(hello, networkId, genesis, localNonce, remoteNonce, Optional.empty());
  }

  /**
   * Checks a received hello; with {@code channelId} (the node the secure channel authenticated),
   * the hello must name that node and its signature is not needed.
   */
  static RemoteHello verify(
      Hello hello,
      int networkId,
      Hash genesis,
      byte[] localNonce,
      byte[] remoteNonce,
      Optional<NodeId> channelId)
      throws Failure {
    HelloBody body;
    try {
      body = HelloBody.parseFrom(hello.getBody());
    } catch (InvalidProtocolBufferException e) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "malformed hello body");
    }
    if (body.getProtocolVersion() != PROTOCOL_VERSION) {
      throw new Failure(
          DisconnectReason.INCOMPATIBLE_VERSION, "peer protocol " + body.getProtocolVersion());
    }
    if (body.getNetworkId() != networkId
        || !Arrays.equals(body.getGenesisHash().toByteArray(), genesis.toBytes())) {
      throw new Failure(DisconnectReason.WRONG_NETWORK, "network " + body.getNetworkId());
    }
    PublicKey key = decodeKey(body);
    NodeId nodeId = NodeId.of(key);
    if (!Arrays.equals(body.getNodeId().toByteArray(), nodeId.toBytes())) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "node id does not match the key");
    }
    if (!Arrays.equals(body.getNonce().toByteArray(), remoteNonce)) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "hello does not echo the challenge");
    }
    if (channelId.isPresent()) {
      if (!channelId.get().equals(nodeId)) {
        throw new Failure(
            DisconnectReason.HANDSHAKE_FAILED,
            "hello names " + nodeId.toShortHex() + " but the secure channel authenticated "
                + channelId.get().toShortHex());
      }
    } else {
      byte[] message = signedMessage(localNonce, hello.getBody().toByteArray());
      if (!key.scheme().verify(key, message, hello.getSignature().toByteArray())) {
        throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "bad hello signature");
      }
    }
    return new RemoteHello(nodeId, key, listenAddress(body), protocols(body));
  }

  private static PublicKey decodeKey(HelloBody body) throws Failure {
    int schemeId = body.getKeyScheme();
    Optional<SignatureScheme> scheme =
        schemeId > 0xff ? Optional.empty() : SignatureSchemes.byId((byte) schemeId);
    if (scheme.isEmpty()) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "unknown key scheme " + schemeId);
    }
    try {
      return scheme.get().decodePublicKey(body.getPublicKey().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "invalid public key");
    }
  }

  private static Optional<PeerAddress> listenAddress(HelloBody body) throws Failure {
    if (!body.hasListenAddress()) {
      return Optional.empty();
    }
    Address address = body.getListenAddress();
    int ipLength = address.getIp().size();
    if ((ipLength != 4 && ipLength != 16) || address.getPort() == 0 || address.getPort() > 0xffff) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "invalid listen address");
    }
    return Optional.of(PeerAddress.fromBytes(address.getIp().toByteArray(), address.getPort()));
  }

  private static Set<ProtocolId> protocols(HelloBody body) throws Failure {
    if (body.getProtocolsCount() > MAX_PROTOCOLS) {
      throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "too many protocols");
    }
    Set<ProtocolId> protocols = new LinkedHashSet<>();
    for (ProtocolRef ref : body.getProtocolsList()) {
      try {
        protocols.add(ProtocolId.of(ref.getName(), ref.getVersion()));
      } catch (IllegalArgumentException e) {
        throw new Failure(DisconnectReason.HANDSHAKE_FAILED, "invalid protocol id");
      }
    }
    return Set.copyOf(protocols);
  }

  private static byte[] signedMessage(byte[] nonce, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(DOMAIN.length + nonce.length + body.length);
    out.writeBytes(DOMAIN);
    out.writeBytes(nonce);
    out.writeBytes(body);
    return out.toByteArray();
  }
}
