package io.elo.crypto;

import java.io.IOException;

/** A key file exists and was read but its content is not a valid Elo key file. */
public final class KeyFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the file and the problem. */
  public KeyFileException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
