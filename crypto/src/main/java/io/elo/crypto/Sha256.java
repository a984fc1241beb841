package io.elo.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Access to the JDK's SHA-256, which HotSpot accelerates with SHA-NI where the CPU has it. */
final class Sha256 {
  private static final MessageDigest PROTOTYPE;

  static {
    try {
      PROTOTYPE = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Sha256() {}

  /** A fresh SHA-256 digest; cloning the prototype skips the provider lookup. */
  static MessageDigest newDigest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError("JDK SHA-256 is cloneable", e);
    }
  }
}
