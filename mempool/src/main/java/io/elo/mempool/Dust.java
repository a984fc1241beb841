package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.SignatureScheme;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.util.Collection;

/**
 * The dust rule of relay policy, after Bitcoin Core's {@code IsDust}: an output is dust when its
 * amount is below the fee, at the dust relay fee rate ({@link MempoolPolicy#dustRelayFeeRate()}),
 * of its own encoded bytes plus those of an input spending it. Spending it would cost more than it
 * is worth, so nobody will, and it would stay in every node's UTXO set for ever. A transaction
 * with a dust output is refused ({@link RejectReason#DUST}, never penalised); blocks, coinbases
 * included, are not affected (consensus allows any amount).
 *
 * <p>An output names only a key hash, not the scheme of the key that will spend it, so the pool
 * prices the cheapest input among the schemes its chain allows: an output below that threshold is
 * dust whichever key spends it. Wallets use {@link #threshold} to leave no dust change.
 */
public final class Dust {
  private Dust() {}

  /**
   * The encoded bytes of an input spending an output with a key of {@code scheme}: the out-point
   * and a witness with the scheme's public key and longest signature.
   */
  public static int spendingInputSize(SignatureScheme scheme) {
    return TxInput.encodedSize(scheme.publicKeyLength(), scheme.maxSignatureLength());
  }

  /**
   * The smallest amount that is not dust at {@code dustRelayFeeRate} for an output spent with a
   * key of {@code scheme}: the fee of {@link TxOutput#ENCODED_LENGTH} plus {@link
   * #spendingInputSize} bytes, rounded down.
   */
  public static Amount threshold(FeeRate dustRelayFeeRate, SignatureScheme scheme) {
    requireNonNull(dustRelayFeeRate, "dustRelayFeeRate");
    return dustRelayFeeRate.feeFor(TxOutput.ENCODED_LENGTH + (long) spendingInputSize(scheme));
  }

  /**
   * The smallest amount that is not dust at {@code dustRelayFeeRate} whichever of {@code schemes}
   * spends the output: the lowest of their thresholds.
   *
   * @throws IllegalArgumentException if {@code schemes} is empty
   */
  public static Amount threshold(
      FeeRate dustRelayFeeRate, Collection<? extends SignatureScheme> schemes) {
    checkArgument(!schemes.isEmpty(), "no signature scheme");
    Amount lowest = null;
    for (SignatureScheme scheme : schemes) {
      Amount t = threshold(dustRelayFeeRate, scheme);
      if (lowest == null || t.compareTo(lowest) < 0) {
        lowest = t;
      }
    }
    return lowest;
  }

  /** The index of the first output of {@code tx} below {@code threshold}, or -1. */
  static int firstDustOutput(Transaction tx, Amount threshold) {
    for (int i = 0; i < tx.outputs().size(); i++) {
      if (tx.outputs().get(i).amount().compareTo(threshold) < 0) {
        return i;
      }
    }
    return -1;
  }
}
