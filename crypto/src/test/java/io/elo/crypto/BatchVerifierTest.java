package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchVerifierTest {
  private static final KeyPair ED = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom());
  private static final KeyPair K1 = SignatureSchemes.SECP256K1.generateKeyPair(new SecureRandom());

  static SignatureCheck check(int i, boolean valid) {
    KeyPair pair = i % 3 == 0 ? K1 : ED;
    byte[] message = {(byte) i, (byte) (i >> 8)};
    byte[] signature = pair.privateKey().scheme().sign(pair.privateKey(), message);
    if (!valid) {
      signature[10] ^= 4;
    }
    return new SignatureCheck(pair.publicKey(), message, signature);
  }

  private static List<SignatureCheck> checks(int count, int invalidEvery) {
    List<SignatureCheck> checks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      checks.add(check(i, invalidEvery == 0 || i % invalidEvery != 1));
    }
    return checks;
  }

  @Test
  void verifyAll_reportsFailedIndicesWithAForkJoinPool() {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      BatchResult result = BatchVerifier.verifyAll(checks(40, 7), pool);
      assertFalse(result.allValid());
      assertEquals(List.of(1, 8, 15, 22, 29, 36), result.failedIndices());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verifyAll_worksWithADirectExecutor() {
    BatchResult result = BatchVerifier.verifyAll(checks(20, 5), Runnable::run);
    assertEquals(List.of(1, 6, 11, 16), result.failedIndices());
  }

  @Test
  void verifyAll_ofValidChecksIsAllValid() {
    BatchResult result = BatchVerifier.verifyAll(checks(9, 0), Runnable::run);
    assertTrue(result.allValid());
    assertTrue(BatchVerifier.verifyAll(List.of(), Runnable::run).allValid());
  }

  @Test
  void verifyAll_completesWhenTheExecutorRejectsOrNeverRuns() {
    Executor rejecting =
        task -> {
          throw new RejectedExecutionException("full");
        };
    assertEquals(List.of(1, 4), BatchVerifier.verifyAll(checks(6, 3), rejecting).failedIndices());
    List<Runnable> parked = new ArrayList<>();
    assertEquals(List.of(1, 4), BatchVerifier.verifyAll(checks(6, 3), parked::add).failedIndices());
    assertFalse(parked.isEmpty());
  }

  @Test
  void verifyAll_usesAndFillsTheCache() {
    SignatureCache cache = new SignatureCache(100);
    List<SignatureCheck> checks = checks(10, 4);
    BatchResult first = BatchVerifier.verifyAll(checks, Runnable::run, cache);
    assertEquals(List.of(1, 5, 9), first.failedIndices());
    assertEquals(7, cache.size());
    for (int i = 0; i < checks.size(); i++) {
      SignatureCheck c = checks.get(i);
      assertEquals(i % 4 != 1, cache.contains(c.key(), c.message(), c.signature()));
    }
    assertEquals(first, BatchVerifier.verifyAll(checks, Runnable::run, cache));
  }

  @Test
  void verifyAll_countsAThrowingCheckAsFailed() {
    SignatureScheme throwing =
        new SignatureScheme() {
          @Override
          public byte id() {
            return 99;
          }

          @Override
          public String name() {
            return "throwing";
          }

          @Override
          public int publicKeyLength() {
            return 1;
          }

          @Override
          public int maxSignatureLength() {
            return 1;
          }

          @Override
          public KeyPair generateKeyPair(SecureRandom random) {
            throw new UnsupportedOperationException();
          }

          @Override
          public PublicKey decodePublicKey(byte[] encoded) {
            throw new UnsupportedOperationException();
          }

          @Override
          public PrivateKey decodePrivateKey(byte[] encoded) {
            throw new UnsupportedOperationException();
          }

          @Override
          public byte[] sign(PrivateKey key, byte[] message) {
            throw new UnsupportedOperationException();
          }

          @Override
          public boolean verify(PublicKey key, byte[] message, byte[] signature) {
            throw new IllegalStateException("broken scheme");
          }
        };
    List<SignatureCheck> checks = new ArrayList<>(checks(4, 0));
    checks.set(
        2,
        new SignatureCheck(
            new PublicKey(throwing, new byte[] {1}, new Object()), new byte[0], new byte[0]));
    assertEquals(List.of(2), BatchVerifier.verifyAll(checks, Runnable::run).failedIndices());
    assertEquals(
        List.of(2),
        BatchVerifier.verifyAll(checks, Runnable::run, new SignatureCache(8)).failedIndices());
    assertThrows(NullPointerException.class, () -> BatchVerifier.verifyAll(checks, null));
  }

  @Test
  void batchResult_isAValueType() {
    new EqualsTester()
        .addEqualityGroup(
            BatchVerifier.verifyAll(checks(4, 2), Runnable::run),
            BatchVerifier.verifyAll(checks(4, 2), Runnable::run))
        .addEqualityGroup(BatchVerifier.verifyAll(checks(4, 0), Runnable::run))
        .testEquals();
  }

  @Test
  void signatureCheck_copiesArraysAndComparesContents() {
    byte[] message = {1, 2};
    byte[] signature = SignatureSchemes.ED25519.sign(ED.privateKey(), message);
    SignatureCheck check = new SignatureCheck(ED.publicKey(), message, signature);
    message[0] = 9;
    signature[0] ^= 1;
    assertTrue(check.verify());
    check.message()[0] = 9;
    check.signature()[0] ^= 1;
    assertTrue(check.verify());
    new EqualsTester()
        .addEqualityGroup(
            check, new SignatureCheck(ED.publicKey(), check.message(), check.signature()))
        .addEqualityGroup(new SignatureCheck(ED.publicKey(), new byte[] {1}, check.signature()))
        .testEquals();
  }

  @Test
  void checkAll_listsFailedAndThrowingIndicesAndPublishesWrites() {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      int[] seen = new int[50];
      BatchResult result =
          BatchVerifier.checkAll(
              50,
              i -> {
                seen[i] = i + 1;
                if (i == 13) {
                  throw new IllegalStateException("boom");
                }
                return i % 10 != 3;
              },
              pool);
      assertEquals(List.of(3, 13, 23, 33, 43), result.failedIndices());
      for (int i = 0; i < seen.length; i++) {
        assertEquals(i + 1, seen[i]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checkAll_handlesZeroAndRejectsNegativeCounts() {
    Executor direct = Runnable::run;
    assertTrue(BatchVerifier.checkAll(0, i -> false, direct).allValid());
    assertThrows(
        IllegalArgumentException.class, () -> BatchVerifier.checkAll(-1, i -> true, direct));
  }

  @Test
  void start_returnsWhileTheChecksRunAndJoinFinishesThem() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      CountDownLatch release = new CountDownLatch(1);
      int[] seen = new int[100];
      PendingBatch batch =
          BatchVerifier.start(
              100,
              i -> {
                awaitQuietly(release);
                seen[i] = i + 1;
                return i % 7 != 2;
              },
              pool);
      // The helpers wait for the caller, so the caller got control back before any check ended.
      release.countDown();
      BatchResult result = batch.join();
      assertEquals(
          List.of(2, 9, 16, 23, 30, 37, 44, 51, 58, 65, 72, 79, 86, 93), result.failedIndices());
      for (int i = 0; i < seen.length; i++) {
        assertEquals(i + 1, seen[i]);
      }
      assertSame(result, batch.join());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void start_withADirectExecutorHasRunEveryCheckOnReturn() {
    AtomicInteger runs = new AtomicInteger();
    PendingBatch batch = BatchVerifier.start(40, i -> runs.incrementAndGet() > 0, Runnable::run);
    assertEquals(40, runs.get());
    assertTrue(batch.join().allValid());
    assertEquals(40, runs.get());
    assertTrue(BatchVerifier.start(0, i -> false, Runnable::run).join().allValid());
  }

  @Test
  void chunks_areSmallForLargeBatchesAndAtLeastFourPerThread() {
    assertEquals(0, BatchVerifier.chunks(0, 2));
    assertEquals(1, BatchVerifier.chunks(1, 2));
    assertEquals(8, BatchVerifier.chunks(10, 2)); // four per thread: 1 or 2 items each
    assertEquals(8, BatchVerifier.chunks(64, 2));
    assertEquals(125, BatchVerifier.chunks(1000, 2)); // MAX_CHUNK items each
    assertEquals(626, BatchVerifier.chunks(5001, 2));
    assertEquals(64, BatchVerifier.chunks(200, 16));
    assertEquals(268_435_456, BatchVerifier.chunks(Integer.MAX_VALUE, 2));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
