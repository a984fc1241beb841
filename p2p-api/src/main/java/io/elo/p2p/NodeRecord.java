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
import java.util.Arrays;
import java.util.Optional;

/**
 * A signed node record: node key, address and sequence number, signed by the node key over
 * {@code "elo/disc/record/v1" || body}. The node id is derived from the key, so nobody can publish
 * an address for a node whose key they do not hold; a higher sequence number replaces a lower
 * one. Immutable; equal when the encodings are equal.
 */
final class NodeRecord {
  /** Domain separation of record signatures. */
  static final byte[] DOMAIN = "elo/disc/record/v1".getBytes(StandardCharsets.UTF_8);
  /** Largest encoded record accepted. */
  static final int MAX_ENCODED_SIZE = 300;

  private final PublicKey key;
  private final NodeId nodeId;
  private final PeerAddress address;
  private final long sequence;
  private final byte[] body;
  private final byte[] signature;

  private NodeRecord(
      PublicKey key, PeerAddress address, long sequence, byte[] body, byte[] signature) {
    this.key = key;
    this.nodeId = NodeId.of(key);
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
    return new NodeRecord(identity.publicKey(), address, sequence, body, signature);
  }

  /**
   * Decodes and verifies a record.
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is malformed, has an
   *     unknown key scheme or a bad signature
   */
  static NodeRecord decode(SignedRecord signed) {
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
    PublicKey key;
    PeerAddress address;
    try {
      key = scheme.get().decodePublicKey(parsed.getPublicKey().toByteArray());
      address = PeerAddress.fromBytes(parsed.getIp().toByteArray(), parsed.getPort());
    } catch (IllegalArgumentException e) {
      throw malformed("bad record key or address");
    }
    if (address.port() == 0 || parsed.getSequence() < 0) {
      throw malformed("bad record port or sequence");
    }
    if (!key.scheme().verify(key, Bytes.concat(DOMAIN, body), signature)) {
      throw malformed("bad record signature");
    }
    return new NodeRecord(key, address, parsed.getSequence(), body, signature);
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

  PublicKey key() {
    return key;
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
