package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A block height: the number of blocks between a block and the genesis block (genesis is 0).
 *
 * <p>Heights are encoded as unsigned 32-bit integers but limited to {@code 0..2^31-1}, so the codec
 * rejects encoded values with the top bit set.
 *
 * @param value the height, at least 0
 */
public record Height(int value) implements Comparable<Height> {
  /** The genesis height. */
  public static final Height ZERO = new Height(0);

  /**
   * Validates the height.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public Height {
    checkArgument(value >= 0, "height must be >= 0, got %s", value);
  }

  /**
   * Returns the height {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static Height of(int value) {
    return value == 0 ? ZERO : new Height(value);
  }

  /**
   * Returns the next height.
   *
   * @throws ArithmeticException if this is the largest representable height
   */
  public Height next() {
    return new Height(Math.addExact(value, 1));
  }

  @Override
  public int compareTo(Height other) {
    return Integer.compare(value, other.value);
  }

  /** Returns the decimal height. */
  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
