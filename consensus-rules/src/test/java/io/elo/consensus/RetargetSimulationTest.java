package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * aserti3-2d on simulated block times: a constant hash rate finds a block after an exponentially
 * distributed time with mean (expected hashes of the target) / (hash rate). No real hashing; the
 * seed makes every run identical.
 */
class RetargetSimulationTest {
  private static final long SPACING = 600;
  private static final long HALF_LIFE = 2 * 24 * 3600; // 288 spacings
  private static final int ANCHOR_BITS = 0x1d00ffff;
  private static final int POW_LIMIT_BITS = 0x207fffff; // far above: the clamp never acts
  private static final long GENESIS_TIME = 1_000_000;
  private static final double LN2 = Math.log(2);

  private final SplittableRandom random = new SplittableRandom(20_201_115);
  private long height;
  private double time = GENESIS_TIME; // real-valued; headers carry whole seconds
  private int bits = ANCHOR_BITS;

  /** Mines one block at {@code hashRate} and returns its solve time in seconds. */
  private double mineOne(double hashRate) {
    double expectedHashes = Target.fromCompact(bits).work().value().doubleValue();
    double solveTime = -Math.log(1 - random.nextDouble()) * expectedHashes / hashRate;
    time += solveTime;
    height++;
    bits =
        Asert.nextBits(
            0, GENESIS_TIME - SPACING, ANCHOR_BITS, SPACING, HALF_LIFE, POW_LIMIT_BITS, height,
            (long) Math.floor(time));
    return solveTime;
  }

  private static double ratio(int bits, BigInteger equilibrium) {
    return new BigDecimal(Target.fromCompact(bits).value())
        .divide(new BigDecimal(equilibrium), MathContext.DECIMAL64)
        .doubleValue();
  }

  @Test
  void constantHashRate_thenTenfoldStep() {
    BigInteger anchorTarget = Target.fromCompact(ANCHOR_BITS).value();
    // The rate at which the anchor target takes one spacing on average: the equilibrium.
    double rate = Target.fromCompact(ANCHOR_BITS).work().value().doubleValue() / SPACING;

    int blocks = 10_000;
    double total = 0;
    System.out.println("height,targetRatio (constant hash rate)");
    for (int i = 1; i <= blocks; i++) {
      total += mineOne(rate);
      if (i % 1000 == 0) {
        System.out.printf("%d,%.4f%n", height, ratio(bits, anchorTarget));
      }
    }
    double meanSpacing = total / blocks;
    assertTrue(
        Math.abs(meanSpacing - SPACING) <= 0.02 * SPACING, "mean spacing " + meanSpacing);

    // Ten times the hash rate: the equilibrium target is a tenth.
    BigInteger newEquilibrium = anchorTarget.divide(BigInteger.TEN);
    // Derivation of the bound. Let x = log2(target / equilibrium). A block's expected solve time
    // is SPACING * 2^-x, and each block moves the exponent by (solve time - SPACING) / HALF_LIFE,
    // so dx/dn = -(SPACING / HALF_LIFE) * (1 - 2^-x). Integrating, the blocks from x0 to x1 are
    // (HALF_LIFE / SPACING) * [log2(2^x - 1)] between x1 and x0. Far from equilibrium that is one
    // half-life of blocks per halving (log2(10) = 3.32 half-lives to cover the step); the last
    // stretch converges exponentially, which the integral accounts for.
    double x0 = Math.log(10 * ratio(bits, anchorTarget)) / LN2;
    double x1 = Math.log(1.10) / LN2;
    double expectedBlocks =
        (HALF_LIFE / (double) SPACING)
            * (Math.log(Math.pow(2, x0) - 1) / LN2 - Math.log(Math.pow(2, x1) - 1) / LN2);
    // Margin 25%: at equilibrium log2(target) wanders with a standard deviation of about
    // sqrt(SPACING / (2 ln2 HALF_LIFE)) = 0.05 (3.5%), which shifts the first crossing of the 10%
    // band by a few hundred blocks either way.
    long bound = Math.round(expectedBlocks * 1.25);
    System.out.printf("step to 10x: expected ~%.0f blocks, bound %d%n", expectedBlocks, bound);
    System.out.println("blocksAfterStep,targetRatioToNewEquilibrium");
    long reachedAfter = -1;
    for (int i = 1; i <= bound; i++) {
      mineOne(10 * rate);
      double r = ratio(bits, newEquilibrium);
      if (i % 200 == 0) {
        System.out.printf("%d,%.4f%n", i, r);
      }
      if (reachedAfter < 0 && Math.abs(r - 1) <= 0.10) {
        reachedAfter = i;
      }
    }
    System.out.println("within 10% after " + reachedAfter + " blocks");
    assertTrue(reachedAfter > 0, "within 10% of the new equilibrium within " + bound + " blocks");
    assertTrue(
        reachedAfter > expectedBlocks / 2,
        "not implausibly fast (" + reachedAfter + " blocks): the step really was tenfold");
  }
}
