package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable 32-byte hash value: a block hash, a transaction id, a Merkle node.
 *
 * <p>Bytes are copied on the way in and on the way out, so a {@code Hash} can never change after
 * construction. {@link #equals} runs in constant time. Hashes order by unsigned lexicographic
 * comparison of their bytes, so they can key sorted maps. {@link #toHex} prints the bytes in the
 * order they are stored (no Bitcoin-style byte reversal).
 */
public final class Hash implements Comparable<Hash> {
  /** Length of every hash, in bytes. */
  public static final int LENGTH = 32;

  /** The all-zero hash, used as the parent of the genesis block. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private static final HexFormat HEX = HexFormat.of();

  // A scratch chunk per thread for buffers whose array is hidden (read-only views, direct
  // buffers): the JDK digest would allocate a temporary array as long as the input on every hash.
  // Only ever read back within one call on the owning thread.
  private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[4096]);

  private final byte[] bytes;
  private final int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    // The first four bytes of a cryptographic hash are already uniformly distributed.
    this.hashCode =
        (bytes[0] & 0xff) << 24
            | (bytes[1] & 0xff) << 16
            | (bytes[2] & 0xff) << 8
            | (bytes[3] & 0xff);
  }

  /**
   * Returns the hash with the given bytes, copied.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static Hash fromBytes(byte[] bytes) {
    checkArgument(bytes.length == LENGTH, "a hash is %s bytes, got %s", LENGTH, bytes.length);
    return new Hash(bytes.clone());
  }

  /**
   * Returns the hash of 32 bytes of {@code source} starting at {@code offset}, copied.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code offset}
   */
  public static Hash fromBytes(byte[] source, int offset) {
    return new Hash(Arrays.copyOfRange(checkRange(source, offset), offset, offset + LENGTH));
  }

  /**
   * Returns the hash of the 32 bytes of {@code source} at absolute index {@code index}, copied;
   * the buffer's position is unchanged.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code index}
   */
  public static Hash fromBytes(ByteBuffer source, int index) {
    byte[] bytes = new byte[LENGTH];
    source.get(index, bytes);
    return new Hash(bytes);
  }

  /**
   * Parses 64 hexadecimal digits (either case).
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
   */
  public static Hash fromHex(String hex) {
    checkArgument(
        hex.length() == 2 * LENGTH, "a hash is %s hex digits, got %s", 2 * LENGTH, hex.length());
    try {
      return new Hash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex hash: " + hex, e);
    }
  }

  /** Returns SHA-256(SHA-256(data)). */
  public static Hash sha256d(byte[] data) {
    return sha256d(data, 0, data.length);
  }

  /** Returns SHA-256(SHA-256(data[offset, offset + length))). */
  public static Hash sha256d(byte[] data, int offset, int length) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(data, offset, length);
    byte[] first = digest.digest();
    return new Hash(digest.digest(first));
  }

  /**
   * Returns SHA-256(SHA-256(the remaining bytes of {@code data})); the buffer's position is
   * unchanged. Any buffer works: read-only views and direct buffers are read in chunks.
   */
  public static Hash sha256d(ByteBuffer data) {
    return sha256d(data, data.position(), data.remaining());
  }

  /**
   * Returns SHA-256(SHA-256({@code length} bytes of {@code data} from absolute index {@code
   * index})); the buffer's position is unchanged.
   *
   * @throws IndexOutOfBoundsException if the range is not within the buffer's limit
   */
  public static Hash sha256d(ByteBuffer data, int index, int length) {
    Objects.checkFromIndexSize(index, length, data.limit());
    MessageDigest digest = Sha256.newDigest();
    if (data.hasArray()) {
      digest.update(data.array(), data.arrayOffset() + index, length);
    } else {
      byte[] chunk = CHUNK.get();
      for (int at = index, end = index + length; at < end; ) {
        int n = Math.min(chunk.length, end - at);
        data.get(at, chunk, 0, n);
        digest.update(chunk, 0, n);
        at += n;
      }
    }
    byte[] first = digest.digest();
    return new Hash(digest.digest(first));
  }

  /** Returns the single SHA-256 of {@code data}. */
  public static Hash sha256(byte[] data) {
    return new Hash(Sha256.newDigest().digest(data));
  }

  /** Wraps an array the caller gives up; package-private so the array can never leak. */
  static Hash wrap(byte[] bytes) {
    checkArgument(bytes.length == LENGTH, "a hash is %s bytes, got %s", LENGTH, bytes.length);
    return new Hash(bytes);
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code target} at {@code offset}, without allocating. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, checkRange(target, offset), offset, LENGTH);
  }

  /** Feeds the 32 bytes to {@code digest} without exposing them. */
  public void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  /** Returns the byte at {@code index} (0..31). */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** Returns the 64 lower-case hexadecimal digits of the bytes, in stored order. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    // Hashes are public: a plain (vectorised) comparison, not a constant-time one.
    return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private static byte[] checkRange(byte[] array, int offset) {
    if (offset < 0 || array.length - offset < LENGTH) {
      throw new IndexOutOfBoundsException(
          "need " + LENGTH + " bytes at offset " + offset + " of " + array.length);
    }
    return array;
  }
}
