package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * Cumulative chain work (proof of work) or weight (proof of authority): a non-negative integer.
 *
 * <p>Fork choice keeps the chain with the most work; on a tie the chain seen first stays. Values
 * are unbounded, so sums never overflow.
 */
public final class ChainWork implements Comparable<ChainWork> {
  /** No work: the work before the genesis block. */
  public static final ChainWork ZERO = new ChainWork(BigInteger.ZERO);

  private final BigInteger value;

  private ChainWork(BigInteger value) {
    this.value = value;
  }

  /**
   * Returns the work {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ChainWork of(BigInteger value) {
    requireNonNull(value, "value");
    checkArgument(value.signum() >= 0, "chain work must be >= 0, got %s", value);
    return value.signum() == 0 ? ZERO : new ChainWork(value);
  }

  /**
   * Returns the work {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ChainWork ofLong(long value) {
    return of(BigInteger.valueOf(value));
  }

  /**
   * Parses lower- or upper-case hexadecimal digits, as printed by {@link #toHex()}.
   *
   * @throws IllegalArgumentException if {@code hex} is empty, has a non-hex digit or a sign
   */
  public static ChainWork fromHex(String hex) {
    checkArgument(
        !hex.isEmpty() && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0),
        "not hexadecimal: %s",
        hex);
    return of(new BigInteger(hex, 16));
  }

  /** Returns the work as a non-negative integer. */
  public BigInteger value() {
    return value;
  }

  /** Returns the sum of this work and {@code other}. */
  public ChainWork add(ChainWork other) {
    return of(value.add(other.value));
  }

  /** Whether this work is strictly more than {@code other}. */
  public boolean isGreaterThan(ChainWork other) {
    return compareTo(other) > 0;
  }

  /** Returns the work as lower-case hexadecimal digits without leading zeros ("0" for zero). */
  public String toHex() {
    return value.toString(16);
  }

  @Override
  public int compareTo(ChainWork other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainWork other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns the work in decimal. */
  @Override
  public String toString() {
    return value.toString();
  }
}
