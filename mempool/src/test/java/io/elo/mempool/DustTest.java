package io.elo.mempool;

import static io.elo.mempool.PoolFixture.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.SignatureSchemes;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dust rule: relay and local-submission policy, never consensus. */
class DustTest {
  private static AdmissionResult.Rejected dust(AdmissionResult result) {
    return PoolFixture.assertRefused(RejectReason.DUST, result);
  }

  @Test
  void defaultThreshold_isThreeAtomsPerByteOfAnOutputAndAnEd25519Input() throws Exception {
    // 40 output bytes + 36 out-point + 1 scheme + 1 + 32 key + 1 + 64 signature = 175 bytes.
    assertEquals(135, Dust.spendingInputSize(SignatureSchemes.ED25519));
    assertEquals(136, Dust.spendingInputSize(SignatureSchemes.SECP256K1));
    assertEquals(Amount.ofAtoms(525), Dust.threshold(FeeRate.ofAtomsPerKb(3_000),
        SignatureSchemes.ED25519));
    assertEquals(Amount.ofAtoms(528), Dust.threshold(FeeRate.ofAtomsPerKb(3_000),
        SignatureSchemes.SECP256K1));
    assertEquals(Amount.ofAtoms(525), Dust.threshold(FeeRate.ofAtomsPerKb(3_000),
        SignatureSchemes.all()));
    assertThrows(IllegalArgumentException.class,
        () -> Dust.threshold(FeeRate.ofAtomsPerKb(3_000), List.of()));

    PoolFixture f = PoolFixture.create(1, MempoolPolicy.defaults());
    assertEquals(FeeRate.ofAtomsPerKb(3_000), f.pool.policy().dustRelayFeeRate());
    assertEquals(Amount.ofAtoms(525), f.pool.dustThreshold());
  }

  @Test
  void outputBelowTheThreshold_isRefusedFromAnySource_atTheThresholdAccepted() throws Exception {
    PoolFixture f = PoolFixture.create(3, MempoolPolicy.defaults());
    long threshold = f.pool.dustThreshold().atoms();
    PoolFixture.Utxo fund = f.fund();

    AdmissionResult.Rejected r = dust(f.pool.submit(pay(fund, threshold - 1, 1_000),
        SourceKey.LOCAL));
    assertTrue(r.message().contains("output 0"), r.message());
    dust(f.pool.submit(pay(fund, threshold - 1, 2_000), SourceKey.of("peer:1")));
    dust(f.pool.submit(pay(fund, 0, 3_000), SourceKey.LOCAL));
    assertEquals(0, f.pool.size());
    assertEquals(0, f.pool.orphanCount());

    assertTrue(f.pool.submit(pay(fund, threshold, 1_000), SourceKey.LOCAL).isAccepted());
    assertTrue(f.pool.submit(pay(f.fund(), threshold, 1_000), SourceKey.of("peer:1"))
        .isAccepted());
  }

  @Test
  void zeroDustRelayFeeRate_admitsZeroAmountOutputs() throws Exception {
    PoolFixture f =
        PoolFixture.create(
            1, MempoolPolicy.defaults().toBuilder().dustRelayFeeRate(FeeRate.ZERO).build());
    assertEquals(Amount.ZERO, f.pool.dustThreshold());
    assertTrue(f.pool.submit(pay(f.fund(), 0, 1_000), SourceKey.LOCAL).isAccepted());
  }

  @Test
  void dustIsNotConsensus_blocksWithDustConnect_butAReorgDoesNotPutItBack() throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.defaults());
    Block base = f.tip;
    Transaction dusty = pay(f.fund(), 1, 1_000);
    Block mined =
        f.chain.on(base)
            .coinbaseOutputs(List.of(TxOutput.of(Amount.ZERO, PoolFixture.ADDRESS)))
            .add(dusty)
            .build();
    f.submit(mined); // consensus takes a zero coinbase output and a dust output
    f.pool.syncWithChain();

    // A longer branch without it: the pool does not take the dust transaction back.
    Block a = f.blockOn(base, List.of());
    f.submit(a);
    f.submit(f.blockOn(a, List.of()));
    f.pool.syncWithChain();
    assertFalse(f.pool.contains(dusty.txid()));
    assertEquals(0, f.pool.size());
  }
}
