package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Height;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Equality of the validation value types, and the reason catalogue itself. */
class ValueTypesTest {
  private static final Hash A = Hash.sha256d(new byte[] {1});
  private static final Hash B = Hash.sha256d(new byte[] {2});

  @Test
  void validationResult_equality() {
    new EqualsTester()
        .addEqualityGroup(ValidationResult.accept(), ValidationResult.accept())
        .addEqualityGroup(
            ValidationResult.reject(InvalidReason.BAD_SIGNATURE, "x"),
            ValidationResult.reject(InvalidReason.BAD_SIGNATURE, true, "x"))
        .addEqualityGroup(ValidationResult.reject(InvalidReason.BAD_SIGNATURE, false, "x"))
        .addEqualityGroup(ValidationResult.reject(InvalidReason.BAD_SIGNATURE, "y"))
        .addEqualityGroup(ValidationResult.ignore(InvalidReason.BAD_SIGNATURE, "x"))
        .addEqualityGroup(ValidationResult.ignore(InvalidReason.TIME_TOO_NEW, "x"))
        .testEquals();
  }

  @Test
  void ignore_neverPenalises_rejectFollowsTheReason() {
    assertFalse(ValidationResult.ignore(InvalidReason.BAD_SIGNATURE, "").penalize());
    assertTrue(ValidationResult.reject(InvalidReason.BAD_SIGNATURE, "").penalize());
    assertFalse(ValidationResult.reject(InvalidReason.REORG_TOO_DEEP, "").penalize());
    assertThrows(IllegalStateException.class, () -> ValidationResult.accept().requireReason());
    assertThrows(
        IllegalArgumentException.class, () -> ValidationResult.accept().withPenalty(false));
  }

  @Test
  void txLocation_andSubmitResults_equality() {
    new EqualsTester()
        .addEqualityGroup(new TxLocation(A, Height.of(1), 0), new TxLocation(A, Height.of(1), 0))
        .addEqualityGroup(new TxLocation(B, Height.of(1), 0))
        .addEqualityGroup(new TxLocation(A, Height.of(2), 0))
        .addEqualityGroup(new TxLocation(A, Height.of(1), 1))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new BlockSubmitResult.Orphan(A), new BlockSubmitResult.Orphan(A))
        .addEqualityGroup(new BlockSubmitResult.Duplicate(A))
        .addEqualityGroup(new BlockSubmitResult.Orphan(B))
        .addEqualityGroup(new BlockSubmitResult.Invalid(InvalidReason.BAD_SEAL, true, "m"))
        .addEqualityGroup(new BlockSubmitResult.Ignored(InvalidReason.TIME_TOO_NEW, "m"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            TxValidationResult.valid(Amount.ofAtoms(1)),
            TxValidationResult.valid(Amount.ofAtoms(1)))
        .addEqualityGroup(TxValidationResult.valid(Amount.ZERO))
        .addEqualityGroup(
            TxValidationResult.invalid(ValidationResult.reject(InvalidReason.NON_FINAL, "")))
        .testEquals();
  }

  @Test
  void reasons_areManyAndDescribedDistinctly() {
    Set<String> descriptions = new HashSet<>();
    for (InvalidReason reason : InvalidReason.values()) {
      assertTrue(descriptions.add(reason.describe()), reason + " repeats a description");
    }
    assertTrue(InvalidReason.values().length >= 25);
    Set<InvalidReason> unpenalised = EnumSet.noneOf(InvalidReason.class);
    for (InvalidReason reason : InvalidReason.values()) {
      if (!reason.penalize()) {
        unpenalised.add(reason);
      }
    }
    assertEquals(
        EnumSet.of(
            InvalidReason.TIME_TOO_NEW, InvalidReason.UNKNOWN_PARENT, InvalidReason.REORG_TOO_DEEP),
        unpenalised);
  }
}
