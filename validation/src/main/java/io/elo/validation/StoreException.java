package io.elo.validation;

/**
 * A store could not be read or written: an I/O error, corrupt data on disk, or a store that was
 * closed or left unusable by an earlier failure. Checked, because callers must decide what a
 * storage failure means for them (a node usually shuts down cleanly and recovers on restart).
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
