package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An opaque name for where a transaction came from, chosen by the caller (a peer id, "rpc", a
 * wallet), and whether it was submitted locally. The pool never interprets the id: it only bounds
 * orphans per source and forgets a source's orphans when told the source is gone.
 *
 * <p>The origin decides what missing inputs mean, as in Bitcoin Core: a transaction relayed by a
 * peer ({@link #of}) whose parents are unknown waits in the orphan pool, since its parents may
 * still arrive; a transaction submitted locally ({@link #local}, {@link #LOCAL}: an API, a
 * wallet, the journal) is refused with {@link RejectReason#MISSING_INPUTS}, since its submitter
 * can send the parents first.
 *
 * @param id the caller's name for the source, 1 to 256 characters
 * @param local whether the transaction was submitted locally rather than relayed by a peer
 */
public record SourceKey(String id, boolean local) {
  /** Transactions submitted by the local node itself (and reloaded from the journal). */
  public static final SourceKey LOCAL = local("local");

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if {@code id} is empty or longer than 256 characters
   */
  public SourceKey {
    checkArgument(!id.isEmpty() && id.length() <= 256, "source id of 1 to 256 characters: %s", id);
  }

  /** Returns the relaying peer (or other remote source) named {@code id}. */
  public static SourceKey of(String id) {
    return new SourceKey(id, false);
  }

  /** Returns the local submitter named {@code id} (an API, a wallet). */
  public static SourceKey local(String id) {
    return new SourceKey(id, true);
  }

  @Override
  public String toString() {
    return id;
  }
}
