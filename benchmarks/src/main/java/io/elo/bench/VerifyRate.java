package io.elo.bench;

import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.SigningMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signature checks per second on this machine, now: {@code threads} threads check {@link
 * #SAMPLES} signatures over signing-message-sized messages in a loop for a fixed time. Macro
 * benchmarks compare against it in the same run because the machine's speed varies with its load.
 *
 * <p>A check is what a node pays per transaction input with no cache hit: for {@link KeyMode#ONE}
 * a verification with the key already decoded (one key: any key cache holds it); for {@link
 * KeyMode#DISTINCT} a full key decode (canonical, on the curve, in the prime-order subgroup) and a
 * verification with the decoded point. These are Bouncy Castle's calls that {@code Ed25519Scheme}
 * makes, called directly because the scheme's decode goes through its key cache, which would turn
 * every decode after the first into a hit.
 */
final class VerifyRate {
  /** Distinct signatures (and, for {@link KeyMode#DISTINCT}, keys) checked in turn. */
  static final int SAMPLES = 256;

  private VerifyRate() {}

  /** A signature to check: encoded key, message, signature, and the key's decoded point. */
  private record Sample(byte[] key, Ed25519.PublicPoint point, byte[] message, byte[] signature) {
    boolean check(KeyMode keys) {
      Ed25519.PublicPoint p =
          keys == KeyMode.DISTINCT ? Ed25519.validatePublicKeyFullExport(key, 0) : point;
      return p != null && Ed25519.verify(signature, 0, p, message, 0, message.length);
    }
  }

  /** Checks per second of {@code threads} threads over {@code millis}, after a warm-up. */
  static double measure(KeyMode keys, int threads, long millis) throws InterruptedException {
    List<Sample> samples = samples(keys);
    for (int i = 0; i < 2_000; i++) {
      if (!samples.get(i % SAMPLES).check(keys)) { // compile the path first
        throw new IllegalStateException("sample signature does not verify");
      }
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * SAMPLES / threads;
      Thread w =
          new Thread(
              () -> {
                long n = 0;
                while (!stop.get()) {
                  if (samples.get((int) ((offset + n) % SAMPLES)).check(keys)) {
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

  private static List<Sample> samples(KeyMode keys) {
    List<Sample> samples = new ArrayList<>(SAMPLES);
    // negative indexes: keys no benchmark workload uses
    KeyPair one = KeyMode.coinKey(-1);
    for (int i = 0; i < SAMPLES; i++) {
      KeyPair key = keys == KeyMode.DISTINCT ? KeyMode.coinKey(-1 - i) : one;
      byte[] message = new byte[SigningMessage.LENGTH];
      message[0] = (byte) i;
      message[1] = (byte) (i >> 8);
      byte[] encoded = key.publicKey().toBytes();
      samples.add(
          new Sample(
              encoded,
              Ed25519.validatePublicKeyFullExport(encoded, 0),
              message,
              SignatureSchemes.ED25519.sign(key.privateKey(), message)));
    }
    return samples;
  }
}
