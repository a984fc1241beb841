package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.model.Amount;
import java.util.Optional;

/**
 * The outcome of validating one transaction in context: the {@link ValidationResult} and, when it
 * accepts, the fee the transaction pays (inputs minus outputs).
 *
 * @param result accept, ignore or reject with a reason
 * @param fee the fee; present exactly when {@code result} accepts
 */
public record TxValidationResult(ValidationResult result, Optional<Amount> fee) {
  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a fee is given for a non-accepting result or missing for an
   *     accepting one
   */
  public TxValidationResult {
    requireNonNull(result, "result");
    requireNonNull(fee, "fee");
    checkArgument(result.isAccept() == fee.isPresent(), "a fee exactly when accepted: %s", result);
  }

  /** Returns the accepting result with {@code fee}. */
  public static TxValidationResult valid(Amount fee) {
    return new TxValidationResult(ValidationResult.accept(), Optional.of(fee));
  }

  /**
   * Returns a non-accepting result.
   *
   * @throws IllegalArgumentException if {@code result} accepts
   */
  public static TxValidationResult invalid(ValidationResult result) {
    return new TxValidationResult(result, Optional.empty());
  }

  /** Whether the transaction is valid. */
  public boolean isValid() {
    return result.isAccept();
  }
}
