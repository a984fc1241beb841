/**
 * Block and transaction validation, the chain state and the persistent stores under it.
 *
 * <p>Validation: {@link io.elo.validation.ChainState} (the single writer of the block tree, the
 * best chain and the UTXO set; fork choice, reorganisations with undo data, orphans, snapshots,
 * optional indexes), {@link io.elo.validation.TransactionValidator} (transaction rules, used by the
 * mempool too), and the typed outcomes {@link io.elo.validation.ValidationResult}, {@link
 * io.elo.validation.InvalidReason}, {@link io.elo.validation.BlockSubmitResult} and {@link
 * io.elo.validation.TxValidationResult}. docs/validation.md describes the stages, the concurrency
 * model and restart.
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
