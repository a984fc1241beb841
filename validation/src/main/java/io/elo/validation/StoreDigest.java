package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.model.DecodeException;
import io.elo.model.DecodeException.Reason;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An order-independent summary of a chain store's records, committed with every batch so that a
 * store damaged behind MapDB's back (docs/storage.md, "Crash safety") is recognised when its
 * records are read again: the coin count, the sum modulo 2^256 of SHA-256({@code key || value})
 * over every coin record, the undo record count and the same sum over every undo record, and the
 * encoded flushed tip the digest was committed with.
 *
 * <p>A sum of hashes changes by one addition or subtraction per put or delete, so a commit keeps it
 * up to date in O(batch); the keys have fixed lengths (36 and 32 bytes), so {@code key || value} is
 * unambiguous. Immutable; {@link Accumulator} derives the next digest.
 */
final class StoreDigest {
  /** Bytes of an encoding without a tip: two counts and two sums. */
  static final int LENGTH_WITHOUT_TIP = 8 + 32 + 8 + 32;

  /** The digest of an empty store without a tip. */
  static final StoreDigest EMPTY = new StoreDigest(0, new long[4], 0, new long[4], new byte[0]);

  private static final MessageDigest SHA256_PROTOTYPE;

  static {
    try {
      SHA256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long coinCount;
  private final long[] coinSum;
  private final long undoCount;
  private final long[] undoSum;
  private final byte[] tip;

  private StoreDigest(long coinCount, long[] coinSum, long undoCount, long[] undoSum, byte[] tip) {
    this.coinCount = coinCount;
    this.coinSum = coinSum;
    this.undoCount = undoCount;
    this.undoSum = undoSum;
    this.tip = tip;
  }

  /** Returns the number of coin records. */
  long coinCount() {
    return coinCount;
  }

  /** Returns the number of undo records. */
  long undoCount() {
    return undoCount;
  }

  /** Returns whether {@code encodedTip} (null for none) is the tip this digest was taken with. */
  boolean hasTip(byte[] encodedTip) {
    return Arrays.equals(tip, encodedTip == null ? new byte[0] : encodedTip);
  }

  /** Returns an accumulator starting from this digest. */
  Accumulator toAccumulator() {
    return new Accumulator(this);
  }

  /**
   * Encodes as {@code coin count (u64 BE) || coin sum (32, BE) || undo count (u64 BE) || undo sum
   * (32, BE) || encoded flushed tip (36, absent for a store without one)}.
   */
  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(LENGTH_WITHOUT_TIP + tip.length);
    buf.putLong(coinCount);
    putSum(buf, coinSum);
    buf.putLong(undoCount);
    putSum(buf, undoSum);
    buf.put(tip);
    return buf.array();
  }

  /** Decodes {@link #encode()}'s format; throws {@link DecodeException} on any other length. */
  static StoreDigest decode(byte[] bytes) {
    if (bytes.length != LENGTH_WITHOUT_TIP
        && bytes.length != LENGTH_WITHOUT_TIP + StoreCodec.TIP_LENGTH) {
      throw new DecodeException(Reason.LENGTH_OUT_OF_RANGE, 0, "digest of " + bytes.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long coins = buf.getLong();
    long[] coinSum = getSum(buf);
    long undos = buf.getLong();
    long[] undoSum = getSum(buf);
    if (coins < 0 || undos < 0) {
      throw new DecodeException(Reason.VALUE_OUT_OF_RANGE, 0, "negative record count");
    }
    byte[] tip = new byte[buf.remaining()];
    buf.get(tip);
    return new StoreDigest(coins, coinSum, undos, undoSum, tip);
  }

  private static void putSum(ByteBuffer buf, long[] sum) {
    for (long limb : sum) {
      buf.putLong(limb);
    }
  }

  private static long[] getSum(ByteBuffer buf) {
    long[] sum = new long[4];
    for (int i = 0; i < 4; i++) {
      sum[i] = buf.getLong();
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreDigest d
        && coinCount == d.coinCount
        && undoCount == d.undoCount
        && Arrays.equals(coinSum, d.coinSum)
        && Arrays.equals(undoSum, d.undoSum)
        && Arrays.equals(tip, d.tip);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    ByteBuffer coins = ByteBuffer.allocate(32);
    putSum(coins, coinSum);
    ByteBuffer undos = ByteBuffer.allocate(32);
    putSum(undos, undoSum);
    HexFormat hex = HexFormat.of();
    return "StoreDigest["
        + coinCount
        + " coins "
        + hex.formatHex(coins.array())
        + ", "
        + undoCount
        + " undo "
        + hex.formatHex(undos.array())
        + ", tip "
        + hex.formatHex(tip)
        + "]";
  }

  /**
   * Derives a digest by adding and removing records; not thread-safe. The caller passes the exact
   * stored bytes: a removed record's old value, not a re-encoding.
   */
  static final class Accumulator {
    private final MessageDigest sha256;
    private final long[] coinSum;
    private final long[] undoSum;
    private final byte[] hash = new byte[32];
    private long coinCount;
    private long undoCount;
    private byte[] tip;

    private Accumulator(StoreDigest from) {
      try {
        sha256 = (MessageDigest) SHA256_PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError("JDK SHA-256 is cloneable", e);
      }
      coinSum = from.coinSum.clone();
      undoSum = from.undoSum.clone();
      coinCount = from.coinCount;
      undoCount = from.undoCount;
      tip = from.tip;
    }

    /** Adds coin record {@code key -> value}. */
    Accumulator addCoin(byte[] key, byte[] value) {
      add(coinSum, recordHash(key, value));
      coinCount++;
      return this;
    }

    /** Removes coin record {@code key -> value} (which must be present). */
    Accumulator removeCoin(byte[] key, byte[] value) {
      subtract(coinSum, recordHash(key, value));
      coinCount--;
      return this;
    }

    /** Adds undo record {@code key -> value}. */
    Accumulator addUndo(byte[] key, byte[] value) {
      add(undoSum, recordHash(key, value));
      undoCount++;
      return this;
    }

    /** Removes undo record {@code key -> value} (which must be present). */
    Accumulator removeUndo(byte[] key, byte[] value) {
      subtract(undoSum, recordHash(key, value));
      undoCount--;
      return this;
    }

    /** Sets the encoded flushed tip; null for a store without one. */
    Accumulator tip(byte[] encodedTip) {
      checkArgument(
          encodedTip == null || encodedTip.length == StoreCodec.TIP_LENGTH, "tip encoding");
      tip = encodedTip == null ? new byte[0] : encodedTip.clone();
      return this;
    }

    /** Returns the digest of the records added so far. */
    StoreDigest build() {
      return new StoreDigest(coinCount, coinSum.clone(), undoCount, undoSum.clone(), tip);
    }

    private byte[] recordHash(byte[] key, byte[] value) {
      sha256.update(requireNonNull(key, "key"));
      sha256.update(requireNonNull(value, "value"));
      try {
        sha256.digest(hash, 0, hash.length);
      } catch (java.security.DigestException e) {
        throw new AssertionError("SHA-256 fits 32 bytes", e);
      }
      return hash;
    }

    /** {@code sum += h} modulo 2^256; limbs and {@code h} are big-endian. */
    private static void add(long[] sum, byte[] h) {
      long carry = 0;
      for (int i = 3; i >= 0; i--) {
        long x = sum[i];
        long y = limb(h, i);
        long s = x + y;
        long s2 = s + carry;
        carry =
            (Long.compareUnsigned(s, x) < 0 ? 1 : 0) + (Long.compareUnsigned(s2, s) < 0 ? 1 : 0);
        sum[i] = s2;
      }
    }

    /** {@code sum -= h} modulo 2^256. */
    private static void subtract(long[] sum, byte[] h) {
      long borrow = 0;
      for (int i = 3; i >= 0; i--) {
        long x = sum[i];
        long y = limb(h, i);
        sum[i] = x - y - borrow;
        borrow = Long.compareUnsigned(x, y) < 0 || (borrow == 1 && x == y) ? 1 : 0;
      }
    }

    private static long limb(byte[] h, int i) {
      long v = 0;
      for (int j = 8 * i; j < 8 * i + 8; j++) {
        v = (v << 8) | (h[j] & 0xFF);
      }
      return v;
    }
  }
}
