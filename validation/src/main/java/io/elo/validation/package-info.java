/**
 * Block and transaction validation, the chain state and the persistent stores under it.
 *
 * <p>The storage layer: {@link io.elo.validation.ChainStore} (the durable UTXO set, undo data and
 * the tip they reflect, committed atomically; {@link io.elo.validation.InMemoryChainStore} and
 * {@link io.elo.validation.MapDbChainStore}), {@link io.elo.validation.CoinsCache} (the bounded
 * in-memory UTXO cache flushed into a {@code ChainStore} in one commit) and {@link
 * io.elo.validation.BlockStore} (durable blocks; {@link io.elo.validation.FileBlockStore} and
 * {@link io.elo.validation.InMemoryBlockStore}). docs/storage.md describes files, formats and crash
 * recovery.
 */
package io.elo.validation;
