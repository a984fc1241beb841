package io.elo.bench;

import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Amount;
import io.elo.model.SigningMessage;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ed25519 verifications per second on this machine, now: {@code threads} threads verify the
 * signature of one single-input transaction (decoded key, as the key cache gives it) in a loop for
 * a fixed time. Macro benchmarks compare against it in the same run because the machine's speed
 * varies with its load.
 */
final class VerifyRate {
  private VerifyRate() {}

  /** Verifications per second of {@code threads} threads over {@code millis}, after a warm-up. */
  static double measure(Transaction tx, Amount spent, int threads, long millis)
      throws InterruptedException {
    TxInput input = tx.inputs().get(0);
    PublicKey key = SignatureSchemes.ED25519.decodePublicKey(input.publicKey());
    byte[] message = SigningMessage.ofAll(Funding.PARAMS.genesisHash(), tx, List.of(spent)).get(0);
    byte[] signature = input.signature();
    if (!SignatureSchemes.ED25519.verify(key, message, signature)) {
      throw new IllegalStateException("fixture signature does not verify");
    }
    for (int i = 0; i < 2_000; i++) {
      SignatureSchemes.ED25519.verify(key, message, signature); // compile the path first
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                long n = 0;
                while (!stop.get()) {
                  if (SignatureSchemes.ED25519.verify(key, message, signature)) {
                    n++;
                  }
                }
                done.addAndGet(n);
              },
              "verify-rate-" + t);
      workers.add(w);
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep(millis);
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return done.get() / seconds;
  }
}
