package io.elo.model;

import io.elo.crypto.Hash;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import java.util.List;
import java.util.Optional;

/**
 * Test helper that checks input signatures the way validation will: the scheme must exist, the key
 * must decode, and the signature must verify over the {@link SigningMessage}.
 */
public final class SignatureChecks {
  private SignatureChecks() {}

  /** Returns whether input {@code index} of {@code tx} carries a valid signature. */
  public static boolean isValid(Transaction tx, int index, Hash genesis, List<Amount> spent) {
    TxInput input = tx.inputs().get(index);
    Optional<SignatureScheme> scheme = SignatureSchemes.byId(input.schemeId());
    if (scheme.isEmpty()) {
      return false;
    }
    PublicKey key;
    try {
      key = scheme.get().decodePublicKey(input.publicKey());
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] message = SigningMessage.of(genesis, tx, index, spent);
    return scheme.get().verify(key, message, input.signature());
  }

  /** Returns whether every input of {@code tx} carries a valid signature. */
  public static boolean allValid(Transaction tx, Hash genesis, List<Amount> spent) {
    for (int i = 0; i < tx.inputs().size(); i++) {
      if (!isValid(tx, i, genesis, spent)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether no input of {@code tx} carries a valid signature. */
  public static boolean noneValid(Transaction tx, Hash genesis, List<Amount> spent) {
    for (int i = 0; i < tx.inputs().size(); i++) {
      if (isValid(tx, i, genesis, spent)) {
        return false;
      }
    }
    return true;
  }
}
