package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

class BatchVerifierPropertyTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(3);

  @AfterContainer
  static void shutDown() {
    POOL.shutdownNow();
  }

  @Property(tries = 50)
  void verifyAll_reportsExactlyTheInvalidIndices(
      @ForAll @Size(max = 40) List<Boolean> validity, @ForAll boolean useCache) {
    List<SignatureCheck> checks = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < validity.size(); i++) {
      checks.add(BatchVerifierTest.check(i, validity.get(i)));
      if (!validity.get(i)) {
        expected.add(i);
      }
    }
    BatchResult result =
        useCache
            ? BatchVerifier.verifyAll(checks, POOL, new SignatureCache(64))
            : BatchVerifier.verifyAll(checks, POOL);
    assertEquals(expected, result.failedIndices());
    assertEquals(expected.isEmpty(), result.allValid());
  }
}
