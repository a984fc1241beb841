package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/** Opens chain states for tests. A shared test fixture (test-jar). */
public final class ChainStates {
  /** Runs signature checks on the calling thread. */
  public static final Executor DIRECT = Runnable::run;

  private ChainStates() {}

  /** A chain state on fresh in-memory stores. */
  public static ChainState inMemory(ChainParams params, InstantSource clock) throws StoreException {
    return builder(params, clock)
        .blockStore(InMemoryBlockStore.create())
        .chainStore(new InMemoryChainStore())
        .build();
  }

  /** A builder with a direct executor, a fresh signature cache and small cache limits. */
  public static ChainState.Builder builder(ChainParams params, InstantSource clock) {
    return ChainState.builder(params)
        .executor(DIRECT)
        .signatureCache(new SignatureCache(10_000))
        .clock(clock)
        .cacheLimits(new CoinsCache.Limits(1L << 20, 2_000, Duration.ofSeconds(30)));
  }
}
