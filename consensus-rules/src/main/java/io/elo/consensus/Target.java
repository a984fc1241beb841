package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import java.math.BigInteger;
import java.util.Optional;

/**
 * A proof-of-work target: an integer in {@code [1, 2^256)}. A header meets it when its hash, read
 * as a 256-bit big-endian unsigned integer, is at most the target; so the hex of a good block hash
 * starts with zeros.
 *
 * <p>Headers carry the target in Bitcoin's compact form: the top byte is a base-256 exponent (the
 * length in bytes), the low 23 bits the mantissa, and bit {@code 0x00800000} a sign. {@link
 * #fromCompact} rejects negative, zero and overflowing values instead of flagging them; {@link
 * #toCompact} produces Bitcoin Core's {@code GetCompact} encoding, which truncates the value to its
 * top 23 bits and never sets the sign bit.
 */
public final class Target implements Comparable<Target> {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private final BigInteger value;
  private final byte[] bigEndian;

  private Target(BigInteger value) {
    this.value = value;
    this.bigEndian = toBytes32(value);
  }

  /**
   * Returns the target {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is not in {@code [1, 2^256)}
   */
  public static Target of(BigInteger value) {
    requireNonNull(value, "value");
    checkArgument(
        value.signum() > 0 && value.compareTo(TWO_256) < 0,
        "a target is in [1, 2^256), got %s",
        value);
    return new Target(value);
  }

  /**
   * Decodes a compact target.
   *
   * @throws IllegalArgumentException if the compact value is negative, zero or overflows 256 bits
   */
  public static Target fromCompact(int bits) {
    return tryFromCompact(bits)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a valid positive compact target: 0x" + Integer.toHexString(bits)));
  }

  /** Decodes a compact target, or returns empty if it is negative, zero or overflows 256 bits. */
  public static Optional<Target> tryFromCompact(int bits) {
    int size = bits >>> 24;
    int word = bits & 0x007fffff;
    if (word == 0) {
      return Optional.empty(); // zero, whatever the sign bit says
    }
    if ((bits & 0x00800000) != 0) {
      return Optional.empty(); // negative
    }
    if (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32)) {
      return Optional.empty(); // overflow, the same test as Bitcoin Core's SetCompact
    }
    BigInteger value =
        size <= 3
            ? BigInteger.valueOf(word >>> (8 * (3 - size)))
            : BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
    return value.signum() == 0 ? Optional.empty() : Optional.of(new Target(value));
  }

  /** Returns the compact encoding, as Bitcoin Core's {@code GetCompact} computes it. */
  public int toCompact() {
    return toCompact(value);
  }

  /** Returns the compact encoding of any non-negative integer below 2^256 (GetCompact). */
  static int toCompact(BigInteger value) {
    int size = (value.bitLength() + 7) / 8;
    long compact;
    if (size <= 3) {
      compact = value.longValue() << (8 * (3 - size));
    } else {
      compact = value.shiftRight(8 * (size - 3)).longValue();
    }
    // The 0x00800000 bit is the sign: if the mantissa would set it, move one byte into the size.
    if ((compact & 0x00800000L) != 0) {
      compact >>= 8;
      size++;
    }
    return (int) (compact | ((long) size << 24));
  }

  /** Returns the target as a positive integer. */
  public BigInteger value() {
    return value;
  }

  /**
   * Returns the expected number of hashes to meet this target: {@code floor(2^256 / (target + 1))}.
   */
  public ChainWork work() {
    return ChainWork.of(TWO_256.divide(value.add(BigInteger.ONE)));
  }

  /** Whether {@code hash}, read as a big-endian unsigned integer, is at most this target. */
  public boolean isMetBy(Hash hash) {
    for (int i = 0; i < Hash.LENGTH; i++) {
      int h = hash.byteAt(i) & 0xff;
      int t = bigEndian[i] & 0xff;
      if (h != t) {
        return h < t;
      }
    }
    return true;
  }

  /** Like {@link #isMetBy(Hash)} for the first 32 bytes of a hash buffer; allocates nothing. */
  boolean isMetBy(byte[] hash32) {
    for (int i = 0; i < Hash.LENGTH; i++) {
      int h = hash32[i] & 0xff;
      int t = bigEndian[i] & 0xff;
      if (h != t) {
        return h < t;
      }
    }
    return true;
  }

  private static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray(); // big-endian two's complement, maybe with a leading 0 byte
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  /** Orders by value: a smaller target is harder. */
  @Override
  public int compareTo(Target other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns the target as 64 hexadecimal digits and its compact form. */
  @Override
  public String toString() {
    return String.format("Target{%064x, compact=0x%08x}", value, toCompact());
  }
}
