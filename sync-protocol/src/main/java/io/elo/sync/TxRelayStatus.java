package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A snapshot of transaction relay: what is tracked now and counters since the protocol started.
 *
 * @param trackedTransactions announced transactions not yet received, tracked for requesting
 * @param requestsInFlight transaction requests sent and not yet answered
 * @param admissionQueue received transactions waiting for mempool admission
 * @param transactionsReceived {@code Tx} messages received
 * @param duplicateTransactions received transactions that were already in the mempool, waiting
 *     for admission or recently refused (wasted bandwidth; only timeouts should cause them)
 * @param announcementsSent wtxids announced to peers
 * @param floodDropped announced wtxids and unrequested transactions dropped by flood control
 */
public record TxRelayStatus(
    int trackedTransactions,
    int requestsInFlight,
    int admissionQueue,
    long transactionsReceived,
    long duplicateTransactions,
    long announcementsSent,
    long floodDropped) {
  /** Validates the fields. */
  public TxRelayStatus {
    checkArgument(
        trackedTransactions >= 0
            && requestsInFlight >= 0
            && admissionQueue >= 0
            && transactionsReceived >= 0
            && duplicateTransactions >= 0
            && announcementsSent >= 0
            && floodDropped >= 0,
        "counts must be non-negative");
  }
}
