package io.elo.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.validation.InvalidReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  private static final Hash A = Hash.sha256d(new byte[] {1});
  private static final Hash B = Hash.sha256d(new byte[] {2});

  @Test
  void feeRate_arithmetic_andValidation() {
    assertEquals(FeeRate.ofAtomsPerKb(2_500), FeeRate.of(Amount.ofAtoms(500), 200));
    assertEquals(Amount.ofAtoms(250), FeeRate.ofAtomsPerKb(1_000).feeFor(250));
    assertEquals(Amount.MAX_MONEY, FeeRate.ofAtomsPerKb(Amount.MAX_MONEY_ATOMS).feeFor(1L << 40));
    assertEquals(FeeRate.ofAtomsPerKb(3), FeeRate.ofAtomsPerKb(1).plus(FeeRate.ofAtomsPerKb(2)));
    assertTrue(FeeRate.ofAtomsPerKb(2).compareTo(FeeRate.ofAtomsPerKb(1)) > 0);
    assertThrows(IllegalArgumentException.class, () -> FeeRate.ofAtomsPerKb(-1));
    assertThrows(IllegalArgumentException.class, () -> FeeRate.of(Amount.ZERO, 0));
  }

  @Test
  void rates_compareExactly_beyondLongProducts() {
    long bigFee = Amount.MAX_MONEY_ATOMS;
    assertTrue(Rates.compare(bigFee, 1_000_000, bigFee - 1, 1_000_000) > 0);
    assertEquals(0, Rates.compare(bigFee, 2_000_000, bigFee / 2, 1_000_000));
    assertTrue(Rates.compare(1, 3, 1, 2) < 0);
  }

  @Test
  void sourceKey_validates() {
    assertThrows(IllegalArgumentException.class, () -> SourceKey.of(""));
    assertThrows(IllegalArgumentException.class, () -> SourceKey.of("x".repeat(257)));
    assertEquals("peer-1", SourceKey.of("peer-1").toString());
  }

  @Test
  void rejected_penalisesOnlyConsensusFaults() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new AdmissionResult.Rejected(
                A, RejectReason.FEE_TOO_LOW, Optional.empty(), true, ""));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AdmissionResult.Rejected(A, RejectReason.INVALID, Optional.empty(), true, ""));
    assertThrows(
        IllegalArgumentException.class, () -> new AdmissionResult.Orphan(A, List.of()));
  }

  @Test
  void policy_builderValidates_andRoundTrips() {
    MempoolPolicy custom =
        MempoolPolicy.builder().maxBytes(5).ancestorLimits(3, 4).expiry(Duration.ofHours(1)).build();
    MempoolPolicy copy = custom.toBuilder().build();
    assertEquals(5, copy.maxBytes());
    assertEquals(3, copy.maxAncestorCount());
    assertEquals(Duration.ofHours(1), copy.expiry());
    assertEquals(25, MempoolPolicy.defaults().maxDescendantCount());
    assertThrows(IllegalArgumentException.class, () -> MempoolPolicy.builder().maxBytes(0));
    assertThrows(
        IllegalArgumentException.class, () -> MempoolPolicy.builder().expiry(Duration.ZERO));
  }

  @Test
  void equality() {
    new EqualsTester()
        .addEqualityGroup(FeeRate.ofAtomsPerKb(1), FeeRate.ofAtomsPerKb(1))
        .addEqualityGroup(FeeRate.ofAtomsPerKb(2))
        .addEqualityGroup(SourceKey.of("a"), SourceKey.of("a"))
        .addEqualityGroup(SourceKey.of("b"))
        .addEqualityGroup(
            new AdmissionResult.AlreadyKnown(A), new AdmissionResult.AlreadyKnown(A))
        .addEqualityGroup(new AdmissionResult.AlreadyKnown(B))
        .addEqualityGroup(
            new AdmissionResult.Orphan(A, List.of(B)), new AdmissionResult.Orphan(A, List.of(B)))
        .addEqualityGroup(
            new AdmissionResult.Accepted(A, Amount.ZERO, List.of(), List.of()),
            new AdmissionResult.Accepted(A, Amount.ZERO, List.of(), List.of()))
        .addEqualityGroup(
            AdmissionResult.Rejected.invalid(A, InvalidReason.BAD_SIGNATURE, true, "m"),
            AdmissionResult.Rejected.invalid(A, InvalidReason.BAD_SIGNATURE, true, "m"))
        .addEqualityGroup(AdmissionResult.Rejected.policy(A, RejectReason.FEE_TOO_LOW, "m"))
        .testEquals();
  }
}
