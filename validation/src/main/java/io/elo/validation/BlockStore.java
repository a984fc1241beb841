package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable storage of accepted blocks, by hash. Blocks are stored as they are accepted (before the
 * UTXO cache is flushed), so that on restart the chain state can reconnect every block after the
 * {@link ChainStore#flushedTip() flushed tip}; a block lost in a crash is fetched again from peers.
 *
 * <p>Single writer; {@link #get} and {@link #contains} may be called from any thread. Every method
 * throws {@link StoreException} on an I/O error, on corrupt data, or after {@link #close()}.
 */
public interface BlockStore extends AutoCloseable {
  /**
   * Stores {@code block}, durable when this returns. Storing a block already held does nothing.
   * The bytes stored are the block's {@link Block#encodedView() encoding}: for a decoded block, the
   * bytes it arrived in.
   */
  void put(Block block) throws StoreException;

  /**
   * Stores {@code blocks} in order with one sync (group commit): all are durable when this returns;
   * after a crash during the call, a prefix of them may be stored. Blocks already held are skipped.
   */
  void putAll(List<Block> blocks) throws StoreException;

  /** Returns the block with hash {@code hash}, if stored. */
  Optional<Block> get(Hash hash) throws StoreException;

  /**
   * Returns the stored encoding of the block with hash {@code hash}, if stored, as a read-only
   * buffer, without decoding it: the bytes to serve to a peer that asks for the block.
   */
  Optional<ByteBuffer> encodedBlock(Hash hash) throws StoreException;

  /** Returns whether the block with hash {@code hash} is stored. */
  boolean contains(Hash hash) throws StoreException;

  /** Returns the number of stored blocks. */
  int size() throws StoreException;

  /**
   * Calls {@code action} for every stored block in append order, for rebuilding the block index at
   * start-up. The action must not write to this store.
   */
  void forEachBlock(Consumer<Block> action) throws StoreException;

  /** Releases the store's resources; further calls throw. Idempotent. */
  @Override
  void close() throws StoreException;
}
