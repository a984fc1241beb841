package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigInteger;

/**
 * The aserti3-2d difficulty adjustment of the Bitcoin Cash 2020-11-15 upgrade, bit for bit.
 *
 * <p>The next target is the anchor target times {@code 2^((time_delta - spacing * (height_delta +
 * 1)) / half_life)}, approximated in 16.16 fixed point. The exponent's division by the half-life
 * truncates toward zero (C++ {@code int64_t} division; the official vectors require it); the
 * exponent is then split into an integer part (an arithmetic, flooring shift) and a fraction in
 * {@code [0, 1)} whose power of two comes from the specified cubic polynomial. All arithmetic is exact ({@link BigInteger}), so nothing can
 * overflow; the result is clamped to {@code [1, powLimit]}.
 *
 * <p>Elo anchors every chain at its genesis block: anchor height 0, anchor parent time = genesis
 * time minus one spacing, anchor bits = genesis bits.
 */
public final class Asert {
  private static final int RADIX_BITS = 16;
  private static final BigInteger C1 = BigInteger.valueOf(195_766_423_245_049L);
  private static final BigInteger C2 = BigInteger.valueOf(971_821_376L);
  private static final BigInteger C3 = BigInteger.valueOf(5_127L);
  private static final BigInteger HALF = BigInteger.ONE.shiftLeft(47);

  private Asert() {}

  /**
   * Returns the compact target of the block after {@code (parentHeight, parentTime)}.
   *
   * @param anchorHeight height of the anchor block
   * @param anchorParentTime timestamp of the anchor block's parent (seconds)
   * @param anchorBits compact target of the anchor block
   * @param spacingSeconds ideal block spacing, positive
   * @param halfLifeSeconds time for the target to double or halve, positive
   * @param powLimitBits compact proof-of-work limit (the easiest target)
   * @param parentHeight height of the parent of the block whose target is computed
   * @param parentTime timestamp of that parent (seconds)
   * @return the compact target, between 1 and the pow limit
   * @throws IllegalArgumentException if a spacing or half-life is not positive, a compact value is
   *     not a valid target, or {@code parentHeight < anchorHeight}
   */
  public static int nextBits(
      long anchorHeight,
      long anchorParentTime,
      int anchorBits,
      long spacingSeconds,
      long halfLifeSeconds,
      int powLimitBits,
      long parentHeight,
      long parentTime) {
    checkArgument(spacingSeconds > 0, "spacing must be positive: %s", spacingSeconds);
    checkArgument(halfLifeSeconds > 0, "half-life must be positive: %s", halfLifeSeconds);
    checkArgument(
        parentHeight >= anchorHeight,
        "parent height %s below anchor height %s",
        parentHeight,
        anchorHeight);
    BigInteger anchorTarget = Target.fromCompact(anchorBits).value();
    BigInteger powLimit = Target.fromCompact(powLimitBits).value();

    BigInteger timeDelta = BigInteger.valueOf(parentTime).subtract(BigInteger.valueOf(anchorParentTime));
    BigInteger heightDelta =
        BigInteger.valueOf(parentHeight).subtract(BigInteger.valueOf(anchorHeight));
    BigInteger scheduleDelta =
        timeDelta.subtract(
            BigInteger.valueOf(spacingSeconds).multiply(heightDelta.add(BigInteger.ONE)));
    // The spec's division of the signed 16.16 exponent by the half-life.
    BigInteger exponent =
        divide(scheduleDelta.shiftLeft(RADIX_BITS), BigInteger.valueOf(halfLifeSeconds));
    // BigInteger.shiftRight floors, exactly like an arithmetic right shift of an int64.
    BigInteger shifts = exponent.shiftRight(RADIX_BITS);
    BigInteger frac = exponent.subtract(shifts.shiftLeft(RADIX_BITS)); // in [0, 65536)
    BigInteger frac2 = frac.multiply(frac);
    BigInteger frac3 = frac2.multiply(frac);
    BigInteger factor =
        BigInteger.ONE
            .shiftLeft(RADIX_BITS)
            .add(
                C1.multiply(frac)
                    .add(C2.multiply(frac2))
                    .add(C3.multiply(frac3))
                    .add(HALF)
                    .shiftRight(48));
    BigInteger target = anchorTarget.multiply(factor);
    BigInteger totalShift = shifts.subtract(BigInteger.valueOf(RADIX_BITS));
    if (totalShift.signum() <= 0) {
      // A right shift by more than the bit length yields 0, which the clamp below turns into 1.
      int right = totalShift.negate().min(BigInteger.valueOf(1024)).intValueExact();
      target = target.shiftRight(right);
    } else if (totalShift.compareTo(BigInteger.valueOf(512)) > 0) {
      target = powLimit; // far beyond 2^256: the clamp gives the pow limit anyway
    } else {
      target = target.shiftLeft(totalShift.intValueExact());
    }
    if (target.signum() == 0) {
      target = BigInteger.ONE;
    } else if (target.compareTo(powLimit) > 0) {
      target = powLimit;
    }
    return Target.toCompact(target);
  }

  /**
   * The exponent division: truncating toward zero like C++ {@code int64_t} division, as the
   * reference implementation does. Flooring instead fails official vector run05.
   */
  private static BigInteger divide(BigInteger dividend, BigInteger divisor) {
    return dividend.divide(divisor); // truncates toward zero, like C++ int64 division
  }
}
