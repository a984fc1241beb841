package io.elo.validation;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One atomic change to a {@link ChainStore}: coin puts and deletes, undo puts and deletes, and the
 * tip the store reflects once the change is applied. Built with {@link #builder()}; within a batch
 * the last operation on a key wins, so a key is never both put and deleted.
 */
public final class StoreBatch {
  private final Map<OutPoint, Coin> coinPuts;
  private final Set<OutPoint> coinDeletes;
  private final Map<Hash, BlockUndo> undoPuts;
  private final Set<Hash> undoDeletes;
  private final Hash tip;
  private final Height tipHeight;

  private StoreBatch(Builder b, Hash tip, Height tipHeight) {
    this.coinPuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.coinPuts));
    this.coinDeletes = Collections.unmodifiableSet(new LinkedHashSet<>(b.coinDeletes));
    this.undoPuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.undoPuts));
    this.undoDeletes = Collections.unmodifiableSet(new LinkedHashSet<>(b.undoDeletes));
    this.tip = tip;
    this.tipHeight = tipHeight;
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the coins to put, by out-point (unmodifiable, insertion order). */
  public Map<OutPoint, Coin> coinPuts() {
    return coinPuts;
  }

  /**
   * Returns the out-points whose coins to delete (unmodifiable); deleting an absent one is fine.
   */
  public Set<OutPoint> coinDeletes() {
    return coinDeletes;
  }

  /** Returns the undo records to put, by block hash (unmodifiable). */
  public Map<Hash, BlockUndo> undoPuts() {
    return undoPuts;
  }

  /** Returns the block hashes whose undo records to delete (unmodifiable). */
  public Set<Hash> undoDeletes() {
    return undoDeletes;
  }

  /** Returns the hash of the block the store reflects after this batch. */
  public Hash tip() {
    return tip;
  }

  /** Returns the height of {@link #tip()}. */
  public Height tipHeight() {
    return tipHeight;
  }

  /** Returns the number of coin and undo operations. */
  public int size() {
    return coinPuts.size() + coinDeletes.size() + undoPuts.size() + undoDeletes.size();
  }

  @Override
  public String toString() {
    return "StoreBatch[+"
        + coinPuts.size()
        + "/-"
        + coinDeletes.size()
        + " coins, +"
        + undoPuts.size()
        + "/-"
        + undoDeletes.size()
        + " undo, tip "
        + tipHeight
        + " "
        + tip.toHex()
        + "]";
  }

  /** Collects operations; not thread-safe, usable once. */
  public static final class Builder {
    private final Map<OutPoint, Coin> coinPuts = new LinkedHashMap<>();
    private final Set<OutPoint> coinDeletes = new LinkedHashSet<>();
    private final Map<Hash, BlockUndo> undoPuts = new LinkedHashMap<>();
    private final Set<Hash> undoDeletes = new LinkedHashSet<>();
    private boolean built;

    private Builder() {}

    /** Puts {@code coin} at {@code outPoint}, replacing an earlier delete of it in this batch. */
    public Builder putCoin(OutPoint outPoint, Coin coin) {
      requireNonNull(coin, "coin");
      coinDeletes.remove(requireNonNull(outPoint, "outPoint"));
      coinPuts.put(outPoint, coin);
      return this;
    }

    /** Deletes the coin at {@code outPoint}, replacing an earlier put of it in this batch. */
    public Builder deleteCoin(OutPoint outPoint) {
      coinPuts.remove(requireNonNull(outPoint, "outPoint"));
      coinDeletes.add(outPoint);
      return this;
    }

    /** Puts the undo record of {@code block}, replacing an earlier delete of it in this batch. */
    public Builder putUndo(Hash block, BlockUndo undo) {
      requireNonNull(undo, "undo");
      undoDeletes.remove(requireNonNull(block, "block"));
      undoPuts.put(block, undo);
      return this;
    }

    /** Deletes the undo record of {@code block}, replacing an earlier put of it in this batch. */
    public Builder deleteUndo(Hash block) {
      undoPuts.remove(requireNonNull(block, "block"));
      undoDeletes.add(block);
      return this;
    }

    /**
     * Returns the batch that leaves the store reflecting block {@code tip} at {@code height}.
     *
     * @throws IllegalStateException if this builder was already built
     */
    public StoreBatch build(Hash tip, Height height) {
      checkState(!built, "builder already used");
      built = true;
      return new StoreBatch(this, requireNonNull(tip, "tip"), requireNonNull(height, "height"));
    }
  }
}
