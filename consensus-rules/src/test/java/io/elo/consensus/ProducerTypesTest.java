package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerTypesTest {
  private static final Address ADDRESS = Address.of(Hash.sha256d(new byte[] {1}));

  @Test
  void blockTemplate_rejectsCoinbase() {
    Transaction coinbase =
        Transaction.coinbase(
            Height.of(1), new byte[0], List.of(TxOutput.of(Amount.ofCoins(1), ADDRESS)));
    assertThrows(
        IllegalArgumentException.class, () -> BlockTemplate.of(List.of(coinbase), Amount.ZERO));
  }

  @Test
  void emptyTemplateSource_offersNothing() {
    assertEquals(BlockTemplate.EMPTY, TemplateSource.EMPTY.template(1_000_000));
    assertEquals(0, BlockTemplate.EMPTY.size());
  }

  @Test
  void ruleResult_validAndInvalid() {
    assertTrue(RuleResult.valid().isValid());
    assertFalse(RuleResult.valid().penalize());
    RuleResult invalid = RuleResult.invalid(RuleViolation.MISSING_SEAL, "x");
    assertFalse(invalid.isValid());
    assertTrue(invalid.penalize());
    for (RuleViolation v : RuleViolation.values()) {
      assertFalse(v.describe().isEmpty(), v.name());
    }
  }

  @Test
  void equality() {
    new EqualsTester()
        .addEqualityGroup(RuleResult.valid(), RuleResult.valid())
        .addEqualityGroup(
            RuleResult.invalid(RuleViolation.MISSING_SEAL, "a"),
            RuleResult.invalid(RuleViolation.MISSING_SEAL, "a"))
        .addEqualityGroup(RuleResult.invalid(RuleViolation.MISSING_SEAL, "b"))
        .addEqualityGroup(RuleResult.invalid(RuleViolation.BAD_PROOF_OF_WORK, "a"))
        .addEqualityGroup(BlockTemplate.EMPTY, BlockTemplate.of(List.of(), Amount.ZERO))
        .addEqualityGroup(BlockTemplate.of(List.of(), Amount.ofAtoms(1)))
        .testEquals();
  }
}
