package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.primitives.Bytes;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.p2p.internal.proto.RecordBody;
import io.elo.p2p.internal.proto.SignedRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A signed node record: node key, address and sequence number, signed by the node key over {@code
 * "elo/disc/record/v1" || body}. The node id is derived from the key, so nobody can publish an
 * address for a node whose key they do not hold; a higher sequence number replaces a lower one.
 * Immutable; equal when the encodings are equal.
 */
final class NodeRecord {
  /** Domain separation of record signatures. */
  static final byte[] DOMAIN = "elo/disc/record/v1".getBytes(StandardCharsets.UTF_8);

  /** Largest encoded record accepted. */
  static final int MAX_ENCODED_SIZE = 300;

  private final SignatureScheme scheme;
  private final byte[] keyBytes;
  private final NodeId nodeId;
  private final String subnet;
  private volatile PublicKey key;
  private final PeerAddress address;
  private final long sequence;
  private final byte[] body;
  private final byte[] signature;

  private NodeRecord(
      SignatureScheme scheme,
      byte[] keyBytes,
      PeerAddress address,
      long sequence,
      byte[] body,
      byte[] signature) {
    this.scheme = scheme;
    this.keyBytes = keyBytes;
    this.nodeId = nodeIdOf(scheme, keyBytes);
    this.subnet = RoutingTable.subnet(address);
    this.address = address;
    this.sequence = sequence;
    this.body = body;
    this.signature = signature;
  }

  /** Creates and signs the record of {@code identity} at {@code address}. */
  static NodeRecord create(NodeIdentity identity, PeerAddress address, long sequence) {
    checkNotNull(address);
    checkArgument(address.port() != 0, "a record needs a real port");
    checkArgument(sequence >= 0, "negative sequence");
    byte[] body =
        RecordBody.newBuilder()
            .setKeyScheme(identity.publicKey().scheme().id() & 0xff)
            .setPublicKey(ByteString.copyFrom(identity.publicKey().toBytes()))
            .setIp(ByteString.copyFrom(address.ipBytes()))
            .setPort(address.port())
            .setSequence(sequence)
            .build()
            .toByteArray();
    byte[] signature = identity.sign(Bytes.concat(DOMAIN, body));
    NodeRecord record =
        new NodeRecord(
            identity.publicKey().scheme(),
            identity.publicKey().toBytes(),
            address,
            sequence,
            body,
            signature);
    record.key = identity.publicKey();
    return record;
  }

  /** The id of a key, as {@link NodeId#of} derives it, without decoding the key. */
  private static NodeId nodeIdOf(SignatureScheme scheme, byte[] keyBytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(scheme.id());
      digest.update(keyBytes);
      return NodeId.fromBytes(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Decodes and verifies a record.
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is malformed, has an
   *     unknown key scheme or a bad signature
   */
  static NodeRecord decode(SignedRecord signed) {
    NodeRecord record = parse(signed);
    if (!record.verifySignature()) {
      throw malformed("bad record signature");
    }
    return record;
  }

  /**
   * Decodes a record without checking the key or the signature (cheap; {@link #verifySignature}
   * must pass before the record is trusted).
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is malformed
   */
  static NodeRecord parse(SignedRecord signed) {
    byte[] body = signed.getBody().toByteArray();
    byte[] signature = signed.getSignature().toByteArray();
    if (body.length + signature.length > MAX_ENCODED_SIZE) {
      throw malformed("record too large");
    }
    RecordBody parsed;
    try {
      parsed = RecordBody.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("malformed record body");
    }
    Optional<SignatureScheme> scheme =
        parsed.getKeyScheme() > 0xff
            ? Optional.empty()
            : SignatureSchemes.byId((byte) parsed.getKeyScheme());
    if (scheme.isEmpty()) {
      throw malformed("unknown key scheme " + parsed.getKeyScheme());
    }
    byte[] keyBytes = parsed.getPublicKey().toByteArray();
    if (keyBytes.length != scheme.get().publicKeyLength()) {
      throw malformed("bad record key length");
    }
    PeerAddress address;
    try {
      address = PeerAddress.fromBytes(parsed.getIp().toByteArray(), parsed.getPort());
    } catch (IllegalArgumentException e) {
      throw malformed("bad record address");
    }
    if (address.port() == 0 || parsed.getSequence() < 0) {
      throw malformed("bad record port or sequence");
    }
    return new NodeRecord(scheme.get(), keyBytes, address, parsed.getSequence(), body, signature);
  }

  /** Decodes the key and checks the signature (costly: callers cache the answer). */
  boolean verifySignature() {
    try {
      PublicKey decoded = scheme.decodePublicKey(keyBytes);
      if (!scheme.verify(decoded, Bytes.concat(DOMAIN, body), signature)) {
        return false;
      }
      key = decoded;
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static FrameException malformed(String message) {
    return new FrameException(DisconnectReason.PROTOCOL_ERROR, message);
  }

  /** The wire form. */
  SignedRecord toProto() {
    return SignedRecord.newBuilder()
        .setBody(ByteString.copyFrom(body))
        .setSignature(ByteString.copyFrom(signature))
        .build();
  }

  /**
   * The decoded key.
   *
   * @throws IllegalStateException if the record was parsed and not verified
   */
  PublicKey key() {
    PublicKey decoded = key;
    if (decoded == null) {
      throw new IllegalStateException("record not verified");
    }
    return decoded;
  }

  /** The IPv4 /24 or IPv6 /48 of the address (see {@link RoutingTable#subnet}). */
  String subnet() {
    return subnet;
  }

  NodeId nodeId() {
    return nodeId;
  }

  PeerAddress address() {
    return address;
  }

  long sequence() {
    return sequence;
  }

  /** Whether this record should replace {@code older} (same node, higher sequence). */
  boolean supersedes(NodeRecord older) {
    return nodeId.equals(older.nodeId) && Long.compareUnsigned(sequence, older.sequence) > 0;
  }

  /** The public view. */
  DiscoveredNode toDiscoveredNode() {
    return new DiscoveredNode(nodeId, address, sequence);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeRecord other
        && Arrays.equals(body, other.body)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(body) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return nodeId.toShortHex() + "@" + address + "#" + Long.toUnsignedString(sequence);
  }
}
