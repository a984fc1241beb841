/**
 * The transaction pool: turns a stream of transactions from many sources into block templates.
 *
 * <p>{@link io.elo.mempool.Mempool} admits transactions (cheapest checks first, typed {@link
 * io.elo.mempool.AdmissionResult}), keeps unconfirmed chains within ancestor and descendant limits,
 * holds orphans until their parents arrive, replaces conflicting transactions that pay enough more,
 * evicts the lowest fee-rate packages at its byte cap, selects block templates by ancestor fee rate
 * and follows the best chain as a {@link io.elo.validation.ChainListener}. Accepted transactions
 * are journaled with group commit, so a crash loses none of them. The pool never sees a peer:
 * callers name the source of a transaction with an opaque {@link io.elo.mempool.SourceKey}.
 * docs/mempool.md lists the policy constants, the reasons and the journal format.
 */
package io.elo.mempool;
