package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.model.Amount;

/**
 * A fee rate in atoms per 1,000 bytes of encoded transaction, the unit of every fee policy of the
 * pool (minimum relay fee, incremental relay fee, the rolling minimum).
 *
 * @param atomsPerKb atoms per 1,000 bytes, not negative
 */
public record FeeRate(long atomsPerKb) implements Comparable<FeeRate> {
  /** The zero rate. */
  public static final FeeRate ZERO = new FeeRate(0);

  /**
   * Validates the rate.
   *
   * @throws IllegalArgumentException if {@code atomsPerKb} is negative or above the money supply
   */
  public FeeRate {
    checkArgument(
        atomsPerKb >= 0 && atomsPerKb <= Amount.MAX_MONEY_ATOMS,
        "fee rate out of range: %s",
        atomsPerKb);
  }

  /** Returns the rate of {@code atomsPerKb} atoms per 1,000 bytes. */
  public static FeeRate ofAtomsPerKb(long atomsPerKb) {
    return new FeeRate(atomsPerKb);
  }

  /**
   * Returns the rate of paying {@code fee} for {@code size} bytes, rounded down.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public static FeeRate of(Amount fee, long size) {
    checkArgument(size > 0, "size must be positive: %s", size);
    return new FeeRate(Rates.perKb(fee.atoms(), size));
  }

  /** Returns the fee this rate asks for {@code size} bytes, rounded down. */
  public Amount feeFor(long size) {
    checkArgument(size >= 0, "size must not be negative: %s", size);
    return Amount.ofAtoms(Math.min(Amount.MAX_MONEY_ATOMS, Rates.feeFor(atomsPerKb, size)));
  }

  /** Returns the sum of two rates, capped at the money supply. */
  public FeeRate plus(FeeRate other) {
    return new FeeRate(Math.min(Amount.MAX_MONEY_ATOMS, atomsPerKb + other.atomsPerKb));
  }

  @Override
  public int compareTo(FeeRate other) {
    return Long.compare(atomsPerKb, other.atomsPerKb);
  }

  @Override
  public String toString() {
    return atomsPerKb + " atoms/kB";
  }
}
