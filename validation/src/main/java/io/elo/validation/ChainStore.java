package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The durable UTXO set, the undo records of connected blocks and the tip they reflect (the
 * <em>flushed tip</em>), changed only by atomic {@link #commit(StoreBatch) commits}.
 *
 * <p>After {@code commit} returns, the batch is durable; after a crash at any instant, reopening
 * the store yields exactly the state of the last completed commit (for durable implementations, see
 * {@link MapDbChainStore}). Blocks accepted after the flushed tip are reconnected by the chain
 * state on start-up.
 *
 * <p>Single writer: one thread commits. Reads may run on other threads but are not isolated from a
 * concurrent commit (MapDB has one global transaction); consistent reads are the chain state's job
 * (it reads through {@link CoinsCache} on the writer thread and gives readers snapshots).
 *
 * <p>Every method throws {@link StoreException} on an I/O error, corrupt data or after {@link
 * #close()}.
 */
public interface ChainStore extends AutoCloseable {
  /** Returns the unspent coin at {@code outPoint}, if any. */
  Optional<Coin> coin(OutPoint outPoint) throws StoreException;

  /** Returns the undo record of connected block {@code block}, if stored. */
  Optional<BlockUndo> undo(Hash block) throws StoreException;

  /** Returns the hash of the block the stored UTXO set reflects; empty for a new store. */
  Optional<Hash> flushedTip() throws StoreException;

  /** Returns the height of {@link #flushedTip()}; empty for a new store. */
  Optional<Height> flushedHeight() throws StoreException;

  /**
   * Applies {@code batch} atomically and durably: on return every operation and the new flushed tip
   * are stored; on an exception none is (the store may then be unusable until reopened).
   */
  void commit(StoreBatch batch) throws StoreException;

  /** Returns the number of unspent coins. */
  long coinCount() throws StoreException;

  /**
   * Calls {@code action} for every unspent coin, in an implementation-defined order. The action
   * must not commit to this store.
   */
  void forEachCoin(BiConsumer<OutPoint, Coin> action) throws StoreException;

  /** Releases the store's resources; further calls throw. Idempotent. */
  @Override
  void close() throws StoreException;
}
