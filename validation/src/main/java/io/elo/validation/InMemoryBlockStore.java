package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link BlockStore} in memory, for tests and simulations: nothing is durable. Bounded by the
 * total encoded size of its blocks; a put past the bound throws {@link StoreException} and stores
 * nothing. Thread-safe.
 */
public final class InMemoryBlockStore implements BlockStore {
  /** Default bound on the total encoded size: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private final long maxBytes;
  private final Map<Hash, Block> blocks = new LinkedHashMap<>();
  private long bytes;
  private boolean closed;

  private InMemoryBlockStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Returns an empty store holding at most {@link #DEFAULT_MAX_BYTES} of blocks. */
  public static InMemoryBlockStore create() {
    return create(DEFAULT_MAX_BYTES);
  }

  /**
   * Returns an empty store holding at most {@code maxBytes} of encoded blocks.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  public static InMemoryBlockStore create(long maxBytes) {
    checkArgument(maxBytes > 0, "maxBytes must be > 0, got %s", maxBytes);
    return new InMemoryBlockStore(maxBytes);
  }

  @Override
  public void put(Block block) throws StoreException {
    putAll(List.of(block));
  }

  @Override
  public synchronized void putAll(List<Block> toStore) throws StoreException {
    checkOpen();
    long added = 0;
    Map<Hash, Block> fresh = new LinkedHashMap<>();
    for (Block block : toStore) {
      if (!blocks.containsKey(block.hash()) && fresh.putIfAbsent(block.hash(), block) == null) {
        added += block.size();
      }
    }
    if (bytes + added > maxBytes) {
      throw new StoreException(
          "block store full: " + (bytes + added) + " > " + maxBytes + " bytes");
    }
    blocks.putAll(fresh);
    bytes += added;
  }

  @Override
  public synchronized Optional<Block> get(Hash hash) throws StoreException {
    checkOpen();
    return Optional.ofNullable(blocks.get(requireNonNull(hash, "hash")));
  }

  @Override
  public synchronized Optional<ByteBuffer> encodedBlock(Hash hash) throws StoreException {
    checkOpen();
    return Optional.ofNullable(blocks.get(requireNonNull(hash, "hash"))).map(Block::encodedView);
  }

  @Override
  public synchronized boolean contains(Hash hash) throws StoreException {
    checkOpen();
    return blocks.containsKey(requireNonNull(hash, "hash"));
  }

  @Override
  public synchronized int size() throws StoreException {
    checkOpen();
    return blocks.size();
  }

  @Override
  public void forEachBlock(Consumer<Block> action) throws StoreException {
    List<Block> snapshot;
    synchronized (this) {
      checkOpen();
      snapshot = new ArrayList<>(blocks.values());
    }
    snapshot.forEach(action);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws StoreException {
    if (closed) {
      throw new StoreException("block store is closed");
    }
  }
}
