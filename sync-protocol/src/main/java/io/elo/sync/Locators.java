package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.validation.ChainTip;
import java.util.ArrayList;
import java.util.List;

/** Bitcoin's block locators over any known chain (the chain state's only covers its tip). */
final class Locators {
  private Locators() {}

  /** Ten dense hashes from {@code tip} back, then doubling steps, genesis last; at most 101. */
  static List<Hash> of(ChainTip tip) {
    return of(tip, List.of());
  }

  /**
   * Like {@link #of(ChainTip)}, with {@code newerFirst} (hashes above {@code tip}, newest first)
   * put before it; the whole stays within {@link ChainCodec.MAX_LOCATOR} entries, genesis last.
   */
  static List<Hash> of(ChainTip tip, List<Hash> newerFirst) {
    List<Hash> out = new ArrayList<>(Math.min(newerFirst.size(), 10));
    for (int i = 0; i < newerFirst.size() && out.size() < 10; i++) {
      out.add(newerFirst.get(i));
    }
    int height = tip.height().value();
    int step = 1;
    while (height > 0 && out.size() < ChainCodec.MAX_LOCATOR - 1) {
      out.add(tip.ancestorHash(Height.of(height)).orElseThrow());
      if (out.size() >= 10) {
        step *= 2;
      }
      height -= step;
    }
    out.add(tip.ancestorHash(Height.ZERO).orElseThrow());
    return out;
  }
}
