package io.elo.consensus;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a consensus rule check: {@link Valid} or {@link Invalid} with a violation and a
 * message. Rule checks answer with a result, never an exception, for an invalid header.
 */
public sealed interface RuleResult permits RuleResult.Valid, RuleResult.Invalid {
  /** Returns the valid result. */
  static RuleResult valid() {
    return Valid.INSTANCE;
  }

  /** Returns an invalid result. */
  static RuleResult invalid(RuleViolation violation, String message) {
    return new Invalid(violation, message);
  }

  /** Whether the header passed. */
  boolean isValid();

  /** Whether the peer that sent the header should be penalised: true for every violation here. */
  boolean penalize();

  /** The header passed every rule. */
  final class Valid implements RuleResult {
    private static final Valid INSTANCE = new Valid();

    private Valid() {}

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public boolean penalize() {
      return false;
    }

    @Override
    public String toString() {
      return "Valid";
    }
  }

  /**
   * The header broke a rule.
   *
   * @param violation which rule
   * @param message details for logs
   */
  record Invalid(RuleViolation violation, String message) implements RuleResult {
    /** Validates the fields. */
    public Invalid {
      requireNonNull(violation, "violation");
      requireNonNull(message, "message");
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public boolean penalize() {
      return true;
    }

    @Override
    public String toString() {
      return "Invalid{" + violation + ": " + message + "}";
    }
  }
}
