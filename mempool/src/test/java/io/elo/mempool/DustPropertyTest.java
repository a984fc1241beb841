package io.elo.mempool;

import static io.elo.mempool.PoolFixture.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.TransactionBuilder;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The dust threshold matches its definition: an amount is dust exactly when it is below the fee,
 * at the dust relay fee rate and rounded down, of the bytes an output and an input spending it
 * really take in a signed transaction's encoding; and the pool refuses exactly those.
 */
class DustPropertyTest {
  private static final Map<SignatureScheme, Long> SPEND_BYTES = new HashMap<>();

  /** Output bytes plus the bytes of a signed input of {@code scheme}, measured on encodings. */
  private static synchronized long spendBytes(SignatureScheme scheme) {
    return SPEND_BYTES.computeIfAbsent(scheme, DustPropertyTest::measure);
  }

  private static long measure(SignatureScheme scheme) {
    KeyPair key;
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(scheme.id());
      key = scheme.generateKeyPair(seeded);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Address to = Address.fromPublicKey(key.publicKey());
    OutPoint a = OutPoint.of(Hash.sha256d(new byte[] {1}), 0);
    OutPoint b = OutPoint.of(Hash.sha256d(new byte[] {2}), 3);
    Amount coin = Amount.ofCoins(1);
    int oneByOne = new TransactionBuilder().addInput(a, coin, key).addOutput(coin, to)
        .build(Hash.ZERO).size();
    int twoInputs = new TransactionBuilder().addInput(a, coin, key).addInput(b, coin, key)
        .addOutput(coin, to).build(Hash.ZERO).size();
    int twoOutputs = new TransactionBuilder().addInput(a, coin, key).addOutput(coin, to)
        .addOutput(coin, to).build(Hash.ZERO).size();
    return (twoInputs - oneByOne) + (twoOutputs - oneByOne);
  }

  /** The definition: dust when below the rounded-down fee of the spend bytes at {@code rate}. */
  private static boolean isDustByDefinition(long amount, long atomsPerKb, long bytes) {
    BigInteger fee = BigInteger.valueOf(atomsPerKb).multiply(BigInteger.valueOf(bytes))
        .divide(BigInteger.valueOf(1_000));
    return BigInteger.valueOf(amount).compareTo(fee) < 0;
  }

  @Property(tries = 2_000)
  void threshold_isTheSmallestAmountThatIsNotDust(
      @ForAll @LongRange(min = 0, max = 100_000_000) long atomsPerKb,
      @ForAll @LongRange(min = 0, max = 1_000_000_000) long amount,
      @ForAll boolean secp256k1) {
    SignatureScheme scheme = secp256k1 ? SignatureSchemes.SECP256K1 : SignatureSchemes.ED25519;
    long bytes = spendBytes(scheme);
    long threshold = Dust.threshold(FeeRate.ofAtomsPerKb(atomsPerKb), scheme).atoms();

    assertEquals(isDustByDefinition(amount, atomsPerKb, bytes), amount < threshold);
    assertFalse(isDustByDefinition(threshold, atomsPerKb, bytes));
    if (threshold > 0) {
      assertTrue(isDustByDefinition(threshold - 1, atomsPerKb, bytes));
    }
  }

  @Property(tries = 60)
  void pool_refusesExactlyTheDustAmounts(
      @ForAll @LongRange(min = 0, max = 30_000) long atomsPerKb,
      @ForAll @IntRange(min = -3, max = 3) int offset)
      throws Exception {
    MempoolPolicy policy =
        MempoolPolicy.defaults().toBuilder().dustRelayFeeRate(FeeRate.ofAtomsPerKb(atomsPerKb))
            .build();
    PoolFixture f = PoolFixture.create(1, policy);
    // An output names no scheme: the cheapest the chain allows prices its spending.
    long bytes = Long.MAX_VALUE;
    for (SignatureScheme scheme : PoolFixture.PARAMS.allowedSchemes()) {
      bytes = Math.min(bytes, spendBytes(scheme));
    }
    long fee = BigInteger.valueOf(atomsPerKb).multiply(BigInteger.valueOf(bytes))
        .divide(BigInteger.valueOf(1_000)).longValueExact();
    long amount = Math.max(0, fee + offset);

    AdmissionResult result = f.pool.submit(pay(f.fund(), amount, 5_000), SourceKey.LOCAL);

    boolean dust = isDustByDefinition(amount, atomsPerKb, bytes);
    assertEquals(!dust, result.isAccepted(), result.toString());
    if (dust) {
      assertEquals(RejectReason.DUST, ((AdmissionResult.Rejected) result).reason());
    }
  }
}
