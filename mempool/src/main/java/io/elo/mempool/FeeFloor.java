package io.elo.mempool;

/**
 * The rolling minimum fee rate, as in Bitcoin Core: eviction at the byte cap raises it to the
 * evicted package's rate plus the incremental relay fee; after a block has arrived it decays with
 * the policy's half-life (four times faster while the pool is under a quarter full, twice under
 * half), and drops to zero below half the incremental rate. The admission minimum is the larger of
 * it and the minimum relay fee rate. Thread-safe through its own monitor (admission reads it
 * before taking the pool's lock).
 */
final class FeeFloor {
  private final MempoolPolicy policy;
  private double rollingAtomsPerKb;
  private long lastUpdateMillis;
  private boolean blockSinceBump;

  FeeFloor(MempoolPolicy policy) {
    this.policy = policy;
  }

  /** The minimum fee rate for admission now, with {@code poolBytes} in the pool. */
  synchronized FeeRate current(long nowMillis, long poolBytes) {
    decay(nowMillis, poolBytes);
    long rolling = (long) Math.ceil(rollingAtomsPerKb);
    long min = policy.minRelayFeeRate().atomsPerKb();
    return FeeRate.ofAtomsPerKb(Math.max(min, rolling));
  }

  /** An eviction removed a package paying {@code removed}. */
  synchronized void raise(FeeRate removed, long nowMillis) {
    double raised = (double) removed.plus(policy.incrementalRelayFeeRate()).atomsPerKb();
    if (raised > rollingAtomsPerKb) {
      rollingAtomsPerKb = raised;
    }
    lastUpdateMillis = nowMillis;
    blockSinceBump = false;
  }

  /** A block arrived: decay may start. */
  synchronized void blockConnected() {
    blockSinceBump = true;
  }

  private void decay(long nowMillis, long poolBytes) {
    if (!blockSinceBump || rollingAtomsPerKb == 0) {
      return;
    }
    long elapsed = nowMillis - lastUpdateMillis;
    if (elapsed < 1_000) {
      return;
    }
    double halfLife = policy.rollingFeeHalfLife().toMillis();
    if (poolBytes < policy.maxBytes() / 4) {
      halfLife /= 4;
    } else if (poolBytes < policy.maxBytes() / 2) {
      halfLife /= 2;
    }
    rollingAtomsPerKb /= Math.pow(2.0, elapsed / halfLife);
    lastUpdateMillis = nowMillis;
    if (rollingAtomsPerKb < policy.incrementalRelayFeeRate().atomsPerKb() / 2.0) {
      rollingAtomsPerKb = 0;
    }
  }
}
