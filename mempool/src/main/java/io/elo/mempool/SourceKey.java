package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An opaque name for where a transaction came from, chosen by the caller (a peer id, "rpc", a
 * wallet). The pool never interprets it: it only bounds orphans per source and forgets a source's
 * orphans when told the source is gone.
 *
 * @param id the caller's name for the source, 1 to 256 characters
 */
public record SourceKey(String id) {
  /** Transactions submitted by the local node itself (and reloaded from the journal). */
  public static final SourceKey LOCAL = new SourceKey("local");

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if {@code id} is empty or longer than 256 characters
   */
  public SourceKey {
    checkArgument(!id.isEmpty() && id.length() <= 256, "source id of 1 to 256 characters: %s", id);
  }

  /** Returns the source named {@code id}. */
  public static SourceKey of(String id) {
    return new SourceKey(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
