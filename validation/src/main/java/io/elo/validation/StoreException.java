package io.elo.validation;

/**
 * A store could not be read or written: an I/O error, corrupt data on disk, or a store that was
 * closed or left unusable by an earlier failure. Checked, because callers must decide what a
 * storage failure means for them (a node usually shuts down cleanly and recovers on restart).
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean corruption;

  /** Creates an exception with a message. */
  public StoreException(String message) {
    this(message, null, false);
  }

  /** Creates an exception with a message and the underlying cause. */
  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates an exception with a message, the underlying cause and whether the data on disk is
   * known to be corrupt (as opposed to an I/O error, a lock held by another process or a caller
   * mistake).
   */
  public StoreException(String message, Throwable cause, boolean corruption) {
    super(message, cause);
    this.corruption = corruption;
  }

  /** Whether the store's data on disk is corrupt, so retrying cannot help but rebuilding can. */
  public boolean isCorruption() {
    return corruption;
  }
}
