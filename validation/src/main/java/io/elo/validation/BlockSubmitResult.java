package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;

/**
 * What {@link ChainState#submitBlock} did with a block: a small sealed type in the style of Teku's
 * {@code BlockImportResult}.
 */
public sealed interface BlockSubmitResult {
  /** Whether the block was valid as far as it was checked (connected, side chain or duplicate). */
  default boolean isAccepted() {
    return this instanceof Connected || this instanceof SideChain || this instanceof Duplicate;
  }

  /** The block is on the best chain; {@code tip} is the tip after the submission. */
  record Connected(ChainTip tip) implements BlockSubmitResult {
    /** Validates the field. */
    public Connected {
      requireNonNull(tip, "tip");
    }
  }

  /** The block is valid so far and stored, on a chain with less work than the best. */
  record SideChain(ChainTip tip) implements BlockSubmitResult {
    /** Validates the field. */
    public SideChain {
      requireNonNull(tip, "tip");
    }
  }

  /**
   * The block's parent is unknown: the block waits in the orphan pool, and {@code missing} is the
   * first unknown ancestor, which sync should fetch.
   */
  record Orphan(Hash missing) implements BlockSubmitResult {
    /** Validates the field. */
    public Orphan {
      requireNonNull(missing, "missing");
    }
  }

  /** The block was already stored (or already waits as an orphan). */
  record Duplicate(Hash hash) implements BlockSubmitResult {
    /** Validates the field. */
    public Duplicate {
      requireNonNull(hash, "hash");
    }
  }

  /**
   * The block breaks a rule.
   *
   * @param reason which rule
   * @param penalize whether the sender should be penalised
   * @param message details for logs
   */
  record Invalid(InvalidReason reason, boolean penalize, String message)
      implements BlockSubmitResult {
    /** Validates the fields. */
    public Invalid {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }

    static Invalid of(ValidationResult result) {
      return new Invalid(result.requireReason(), result.penalize(), result.message());
    }
  }

  /**
   * The block was not acted upon, without fault of the sender (a block from the future, a
   * reorganisation deeper than allowed); it may be submitted again later.
   *
   * @param reason why
   * @param message details for logs
   */
  record Ignored(InvalidReason reason, String message) implements BlockSubmitResult {
    /** Validates the fields. */
    public Ignored {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
