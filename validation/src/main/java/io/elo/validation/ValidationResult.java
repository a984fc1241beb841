package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

/**
 * The tri-state outcome of a validation step, like Teku's {@code ValidationResultCode}: {@link
 * Code#ACCEPT}, {@link Code#IGNORE} with a reason (not valid now, but no fault of the sender), or
 * {@link Code#REJECT} with a reason and whether to penalise the sender. Validation answers with a
 * result, never a boolean and never an exception, for an invalid input.
 */
public final class ValidationResult {
  /** The three outcomes. */
  public enum Code {
    /** The input is valid. */
    ACCEPT,
    /** The input is not acted upon, without penalty; it may become valid later. */
    IGNORE,
    /** The input breaks a rule. */
    REJECT
  }

  private static final ValidationResult ACCEPTED =
      new ValidationResult(Code.ACCEPT, null, false, "");

  private final Code code;
  private final InvalidReason reason;
  private final boolean penalize;
  private final String message;

  private ValidationResult(Code code, InvalidReason reason, boolean penalize, String message) {
    this.code = code;
    this.reason = reason;
    this.penalize = penalize;
    this.message = message;
  }

  /** Returns the accepting result. */
  public static ValidationResult accept() {
    return ACCEPTED;
  }

  /** Returns an ignoring result: never penalised. */
  public static ValidationResult ignore(InvalidReason reason, String message) {
    return new ValidationResult(
        Code.IGNORE, requireNonNull(reason, "reason"), false, requireNonNull(message, "message"));
  }

  /** Returns a rejecting result penalised as {@link InvalidReason#penalize()} says. */
  public static ValidationResult reject(InvalidReason reason, String message) {
    return reject(reason, reason.penalize(), message);
  }

  /** Returns a rejecting result with an explicit penalty. */
  public static ValidationResult reject(InvalidReason reason, boolean penalize, String message) {
    return new ValidationResult(
        Code.REJECT,
        requireNonNull(reason, "reason"),
        penalize,
        requireNonNull(message, "message"));
  }

  /** The outcome. */
  public Code code() {
    return code;
  }

  /** Whether the input was accepted. */
  public boolean isAccept() {
    return code == Code.ACCEPT;
  }

  /** Whether the input was ignored. */
  public boolean isIgnore() {
    return code == Code.IGNORE;
  }

  /** Whether the input was rejected. */
  public boolean isReject() {
    return code == Code.REJECT;
  }

  /** Why the input was ignored or rejected; empty for {@link Code#ACCEPT}. */
  public Optional<InvalidReason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Returns the reason of a result that is not an accept.
   *
   * @throws IllegalStateException if this result accepts
   */
  public InvalidReason requireReason() {
    if (reason == null) {
      throw new IllegalStateException("an accepting result has no reason");
    }
    return reason;
  }

  /** Whether the sender should be penalised; always false unless rejected. */
  public boolean penalize() {
    return penalize;
  }

  /** Details for logs; empty for {@link Code#ACCEPT}. */
  public String message() {
    return message;
  }

  /** Returns this result as a rejection with the given penalty (a caller may soften it). */
  public ValidationResult withPenalty(boolean newPenalize) {
    checkArgument(isReject(), "only a rejection carries a penalty: %s", this);
    return newPenalize == penalize ? this : reject(reason, newPenalize, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidationResult other
        && code == other.code
        && reason == other.reason
        && penalize == other.penalize
        && message.equals(other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, reason, penalize, message);
  }

  @Override
  public String toString() {
    return switch (code) {
      case ACCEPT -> "ACCEPT";
      case IGNORE -> "IGNORE(" + reason + ": " + message + ")";
      case REJECT -> "REJECT(" + reason + (penalize ? ", penalize" : "") + ": " + message + ")";
    };
  }
}
