package io.elo.crypto;

import java.util.List;

/** The outcome of a {@link BatchVerifier} run: which checks, by index, failed. */
public final class BatchResult {
  private final List<Integer> failedIndices;

  private BatchResult(List<Integer> failedIndices) {
    this.failedIndices = failedIndices;
  }

  /** Returns the result with the given failed indices, copied (ascending order expected). */
  static BatchResult of(List<Integer> failedIndices) {
    return new BatchResult(List.copyOf(failedIndices));
  }

  /** Whether every check passed. */
  public boolean allValid() {
    return failedIndices.isEmpty();
  }

  /** The indices of the failed checks in the submitted list, ascending (immutable). */
  public List<Integer> failedIndices() {
    return failedIndices;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchResult other && failedIndices.equals(other.failedIndices);
  }

  @Override
  public int hashCode() {
    return failedIndices.hashCode();
  }

  @Override
  public String toString() {
    return allValid() ? "BatchResult{all valid}" : "BatchResult{failed=" + failedIndices + "}";
  }
}
