package io.elo.consensus;

/** Gives block producers the current best chain; the chain state implements it. */
@FunctionalInterface
public interface TipSource {
  /** Returns the chain ending at the current best block, as an immutable snapshot. */
  HeaderChain tip();
}
