package io.elo.mempool;

import java.math.BigInteger;

/** Exact fee-rate arithmetic: fee times size products exceed a long, so they use 128 bits. */
final class Rates {
  private Rates() {}

  /**
   * Compares {@code feeA / sizeA} with {@code feeB / sizeB} exactly (fees and sizes not negative,
   * sizes positive).
   */
  static int compare(long feeA, long sizeA, long feeB, long sizeB) {
    // feeA * sizeB vs feeB * sizeA as unsigned 128-bit products.
    long highA = Math.multiplyHigh(feeA, sizeB);
    long highB = Math.multiplyHigh(feeB, sizeA);
    if (highA != highB) {
      return Long.compare(highA, highB);
    }
    return Long.compareUnsigned(feeA * sizeB, feeB * sizeA);
  }

  /** Atoms per 1,000 bytes of paying {@code fee} for {@code size} bytes, rounded down. */
  static long perKb(long fee, long size) {
    if (fee <= Long.MAX_VALUE / 1000) {
      return fee * 1000 / size;
    }
    return BigInteger.valueOf(fee).multiply(BigInteger.valueOf(1000))
        .divide(BigInteger.valueOf(size)).longValueExact();
  }

  /** The fee of {@code size} bytes at {@code atomsPerKb}, rounded down. */
  static long feeFor(long atomsPerKb, long size) {
    long high = Math.multiplyHigh(atomsPerKb, size);
    if (high == 0 && atomsPerKb * size >= 0) {
      return atomsPerKb * size / 1000;
    }
    return BigInteger.valueOf(atomsPerKb).multiply(BigInteger.valueOf(size))
        .divide(BigInteger.valueOf(1000)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
  }
}
