package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable block header: 84 bytes of fixed layout followed by an optional seal.
 *
 * <p>Layout (little-endian): version u32 at 0, previous hash at 4, Merkle root at 36, timestamp u64
 * at 68, bits u32 at 76, nonce u32 at 80, then the seal length as a varint (0 to 255) at 84 and the
 * seal bytes. The first {@value #MIDSTATE_PREFIX_LENGTH} bytes do not change while mining, so a
 * miner hashes them once into a SHA-256 midstate and patches only the nonce. The block hash is the
 * double SHA-256 of the whole encoding, seal included; a proof-of-authority signer signs {@link
 * #encodeWithoutSeal()}. The seal is opaque here; the consensus rules interpret it.
 */
public final class BlockHeader {
  /** Length of the fixed fields before the seal length, in bytes. */
  public static final int FIXED_LENGTH = 84;

  /** Length of {@link #encodeWithoutSeal()}: the fixed fields and a zero seal length. */
  public static final int ENCODED_LENGTH_WITHOUT_SEAL = FIXED_LENGTH + 1;

  /** Offset of the timestamp in the encoding. */
  public static final int TIMESTAMP_OFFSET = 68;

  /** Offset of the nonce in the encoding. */
  public static final int NONCE_OFFSET = 80;

  /** Length of the prefix that never changes while mining (version, previous hash, 28 bytes). */
  public static final int MIDSTATE_PREFIX_LENGTH = 64;

  /** Longest seal, in bytes. */
  public static final int MAX_SEAL_LENGTH = 255;

  /** Longest encoded header, in bytes. */
  public static final int MAX_ENCODED_LENGTH = FIXED_LENGTH + 2 + MAX_SEAL_LENGTH;

  private static final byte[] NO_SEAL = new byte[0];

  private final int version;
  private final Hash previousHash;
  private final Hash merkleRoot;
  private final long timestamp;
  private final int bits;
  private final int nonce;
  private final byte[] seal;

  // Computed at most once; racy initialisation is harmless (same value on every thread).
  private volatile Hash hash;

  private BlockHeader(
      int version,
      Hash previousHash,
      Hash merkleRoot,
      long timestamp,
      int bits,
      int nonce,
      byte[] seal) {
    this.version = version;
    this.previousHash = requireNonNull(previousHash, "previousHash");
    this.merkleRoot = requireNonNull(merkleRoot, "merkleRoot");
    checkArgument(timestamp >= 0, "timestamp must be >= 0, got %s", timestamp);
    this.timestamp = timestamp;
    this.bits = bits;
    this.nonce = nonce;
    checkArgument(
        seal.length <= MAX_SEAL_LENGTH, "seal longer than %s: %s", MAX_SEAL_LENGTH, seal.length);
    this.seal = seal;
  }

  /**
   * Returns an unsealed header.
   *
   * @param version header version (unsigned 32-bit bit pattern)
   * @param previousHash hash of the parent block ({@link Hash#ZERO} for genesis)
   * @param merkleRoot the Merkle root of the block's wtxids
   * @param timestamp seconds since the Unix epoch, at least 0
   * @param bits compact proof-of-work target (unsigned 32-bit bit pattern)
   * @param nonce mining nonce (unsigned 32-bit bit pattern)
   * @throws IllegalArgumentException if {@code timestamp} is negative
   */
  public static BlockHeader of(
      int version, Hash previousHash, Hash merkleRoot, long timestamp, int bits, int nonce) {
    return new BlockHeader(version, previousHash, merkleRoot, timestamp, bits, nonce, NO_SEAL);
  }

  /**
   * Returns a header with a seal (copied).
   *
   * @throws IllegalArgumentException if {@code timestamp} is negative or the seal is longer than
   *     255 bytes
   */
  public static BlockHeader of(
      int version,
      Hash previousHash,
      Hash merkleRoot,
      long timestamp,
      int bits,
      int nonce,
      byte[] seal) {
    return new BlockHeader(version, previousHash, merkleRoot, timestamp, bits, nonce, seal.clone());
  }

  /**
   * Decodes exactly one header.
   *
   * @throws DecodeException if {@code bytes} is not the canonical encoding of a header
   */
  public static BlockHeader decode(byte[] bytes) {
    Reader reader = new Reader(bytes);
    BlockHeader header = decodeFrom(reader);
    reader.finish();
    return header;
  }

  static BlockHeader decodeFrom(Reader reader) {
    int version = reader.u32();
    Hash previousHash = reader.hash();
    Hash merkleRoot = reader.hash();
    int timestampOffset = reader.position();
    long timestamp = reader.u64();
    if (timestamp < 0) {
      throw Reader.fail(
          DecodeException.Reason.VALUE_OUT_OF_RANGE, timestampOffset, "timestamp exceeds 2^63-1");
    }
    int bits = reader.u32();
    int nonce = reader.u32();
    byte[] seal = reader.lengthPrefixed("seal", MAX_SEAL_LENGTH);
    return new BlockHeader(version, previousHash, merkleRoot, timestamp, bits, nonce, seal);
  }

  /** Returns the version (unsigned 32-bit bit pattern). */
  public int version() {
    return version;
  }

  /** Returns the parent block's hash. */
  public Hash previousHash() {
    return previousHash;
  }

  /** Returns the Merkle root of the block's wtxids. */
  public Hash merkleRoot() {
    return merkleRoot;
  }

  /** Returns the timestamp in seconds since the Unix epoch. */
  public long timestamp() {
    return timestamp;
  }

  /** Returns the timestamp as an {@link Instant}. */
  public Instant time() {
    return Instant.ofEpochSecond(timestamp);
  }

  /** Returns the compact target (unsigned 32-bit bit pattern). */
  public int bits() {
    return bits;
  }

  /** Returns the nonce (unsigned 32-bit bit pattern). */
  public int nonce() {
    return nonce;
  }

  /** Returns a copy of the seal; empty when the header is unsealed. */
  public byte[] seal() {
    return seal.clone();
  }

  /** Returns the seal length in bytes. */
  public int sealLength() {
    return seal.length;
  }

  /** Returns a copy with another nonce. */
  public BlockHeader withNonce(int newNonce) {
    return new BlockHeader(version, previousHash, merkleRoot, timestamp, bits, newNonce, seal);
  }

  /** Returns a copy with another timestamp (seconds since the epoch, at least 0). */
  public BlockHeader withTimestamp(long newTimestamp) {
    return new BlockHeader(version, previousHash, merkleRoot, newTimestamp, bits, nonce, seal);
  }

  /** Returns a copy with another Merkle root. */
  public BlockHeader withMerkleRoot(Hash newMerkleRoot) {
    return new BlockHeader(version, previousHash, newMerkleRoot, timestamp, bits, nonce, seal);
  }

  /** Returns a copy with another seal (copied; empty removes the seal). */
  public BlockHeader withSeal(byte[] newSeal) {
    return new BlockHeader(
        version, previousHash, merkleRoot, timestamp, bits, nonce, newSeal.clone());
  }

  /** Returns the block hash: double SHA-256 of the whole encoding, seal included. */
  public Hash hash() {
    Hash result = hash;
    if (result == null) {
      result = Hash.sha256d(encode());
      hash = result;
    }
    return result;
  }

  /** Returns the length of the encoding, in bytes. */
  public int size() {
    return FIXED_LENGTH + Writer.varintSize(seal.length) + seal.length;
  }

  /** Returns the canonical encoding, seal included. */
  public byte[] encode() {
    Writer writer = new Writer(size());
    encodeTo(writer, seal);
    return writer.finish();
  }

  /** Returns the encoding with a zero seal length and no seal: what a sealer signs. */
  public byte[] encodeWithoutSeal() {
    Writer writer = new Writer(ENCODED_LENGTH_WITHOUT_SEAL);
    encodeTo(writer, NO_SEAL);
    return writer.finish();
  }

  void encodeTo(Writer writer) {
    encodeTo(writer, seal);
  }

  private void encodeTo(Writer writer, byte[] sealToWrite) {
    writer
        .u32(version)
        .hash(previousHash)
        .hash(merkleRoot)
        .u64(timestamp)
        .u32(bits)
        .u32(nonce)
        .lengthPrefixed(sealToWrite);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader other
        && version == other.version
        && previousHash.equals(other.previousHash)
        && merkleRoot.equals(other.merkleRoot)
        && timestamp == other.timestamp
        && bits == other.bits
        && nonce == other.nonce
        && Arrays.equals(seal, other.seal);
  }

  @Override
  public int hashCode() {
    int result = previousHash.hashCode();
    result = 31 * result + merkleRoot.hashCode();
    result = 31 * result + Long.hashCode(timestamp);
    result = 31 * result + version;
    result = 31 * result + bits;
    result = 31 * result + nonce;
    return 31 * result + Arrays.hashCode(seal);
  }

  @Override
  public String toString() {
    return "BlockHeader{hash="
        + hash()
        + ", previous="
        + previousHash
        + ", merkleRoot="
        + merkleRoot
        + ", time="
        + timestamp
        + ", bits="
        + Integer.toHexString(bits)
        + ", nonce="
        + Integer.toUnsignedString(nonce)
        + (seal.length > 0 ? ", seal=" + HexFormat.of().formatHex(seal) : "")
        + "}";
  }
}
