package io.elo.bench;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@link NetworkBenchmark} run and their bounds. Delays are nanoseconds, sorted.
 *
 * <ul>
 *   <li>Block propagation bound: 1.5 x diameter x (link latency + one-core validation of the
 *       block), the validation measured in the same run ({@link ColdValidation}: the run's largest block
 *       connected cold on one signature thread). Relayed blocks mostly hit the
 *       signature cache, so the validation part is generous; the 1.5 leaves room for per-hop
 *       scheduling and the compact block round trip.
 *   <li>Transaction latency bound: diameter x (3 x link latency + 500 ms), the 500 ms being the
 *       mean Poisson announcement delay to inbound peers (the longer of the two); compared with the
 *       p50. The p99 is compared with diameter x (3 x latency + 2,300 ms): 4.6 means is an
 *       exponential delay's 99th percentile.
 *   <li>Transactions per second: accepted by every node (all in every pool, from the first
 *       submission to the last arrival), and the steady rate ({@link NetworkBenchmark#steadyRate}:
 *       arrivals in every pool over the last two thirds of the submission time, without the tail), against the signature bound: Ed25519 signature checks per
 *       second on all cores / nodes ({@link VerifyRate}: verifications with one key, full key
 *       decode + verification with a key per transaction; every node checks every transaction and
 *       they share the cores).
 *   <li>Bytes per transaction per link: plaintext frame bytes sent over every link (both directions,
 *       all messages: transactions, announcements, requests, blocks, pings) / transactions / links,
 *       against the transaction's size plus 128 bytes of inventory overhead (an announcement each
 *       way and a request, 32-byte ids, plus a 6-byte compact-block short id each way, rounded up).
 *       The AEAD adds 16 bytes per frame on the wire ({@code frames} counts them).
 *   <li>CPU and memory per node: the whole JVM's CPU time over the run / wall time / nodes (in
 *       cores), and the heap used after a GC / nodes. In-process nodes share threads' pools and
 *       the JIT, so these are averages, not per-node measurements.
 * </ul>
 */
record NetworkResult(
    int nodes,
    KeyMode keys,
    int links,
    int diameter,
    long latencyMillis,
    int offeredTps,
    int transactions,
    int everywhere,
    boolean complete,
    double submitSeconds,
    double acceptSeconds,
    double steadyTps,
    List<Long> txDelays,
    List<Long> blockDelays,
    int blocks,
    int maxBlockTxs,
    double checksAllCores,
    double blockValidationMs,
    int txSize,
    long bytes,
    long frames,
    double cpuCores,
    long heapBytes,
    int cores) {

  /** Inventory overhead per transaction and link in the bytes bound. */
  static final int INV_OVERHEAD = 128;

  static double ms(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
  }

  /** The factor of the block propagation bound over diameter x (latency + validation). */
  static final double BLOCK_BOUND_FACTOR = 1.5;

  double blockBoundMs() {
    return BLOCK_BOUND_FACTOR * diameter * (latencyMillis + blockValidationMs);
  }

  double txBoundP50Ms() {
    return diameter * (3.0 * latencyMillis + 500);
  }

  double txBoundP99Ms() {
    return diameter * (3.0 * latencyMillis + 2_300);
  }

  double acceptedTps() {
    return everywhere / acceptSeconds;
  }

  double tpsBound() {
    return checksAllCores / nodes;
  }

  double bytesPerTxPerLink() {
    return bytes / (double) transactions / links;
  }

  double bytesBound() {
    return txSize + INV_OVERHEAD;
  }

  double cpuPerNode() {
    return cpuCores / nodes;
  }

  double heapMiBPerNode() {
    return heapBytes / 1048576.0 / nodes;
  }

  /** A human-readable table: figure, value, bound, ratio. */
  String table(String mode) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "network benchmark (%s): %d nodes, %d links, diameter %d, %d ms per link, offered %d"
                + " tx/s signed by %s, %d transactions, %d blocks (largest %d txs, its one-core"
                + " validation %.1f ms), %d cores%n",
            mode, nodes, links, diameter, latencyMillis, offeredTps, keys.description(),
            transactions, blocks, maxBlockTxs, blockValidationMs, cores));
    b.append(String.format(Locale.ROOT, "%-34s %12s %12s %8s%n", "figure", "value", "bound", "ratio"));
    row(b, "block propagation p50 (ms)", ms(blockDelays, 0.5), blockBoundMs());
    row(b, "block propagation p99 (ms)", ms(blockDelays, 0.99), blockBoundMs());
    row(b, "tx latency p50 (ms)", ms(txDelays, 0.5), txBoundP50Ms());
    row(b, "tx latency p99 (ms)", ms(txDelays, 0.99), txBoundP99Ms());
    row(b, "tx/s accepted by every node", acceptedTps(), tpsBound());
    row(b, "tx/s reaching every pool, steady", steadyTps, tpsBound());
    row(b, "bytes per tx per link", bytesPerTxPerLink(), bytesBound());
    row(b, "CPU per node (cores, JVM / N)", cpuPerNode(), 1.0 * cores / nodes);
    row(b, "heap per node (MiB, JVM / N)", heapMiBPerNode(), Double.NaN);
    b.append(
        String.format(
            Locale.ROOT,
            "%d of %d transactions in every pool%s; %d frames sent%n",
            everywhere, transactions, complete ? "" : " (INCOMPLETE)", frames));
    return b.toString();
  }

  private static void row(StringBuilder b, String name, double value, double bound) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-34s %12.2f %12.2f %8.2f%n",
            name,
            value,
            bound,
            value / bound));
  }

  /** One machine-readable line: {@code RESULT network key=value ...}. */
  String line(String mode) {
    return String.format(
        Locale.ROOT,
        "RESULT network mode=%s nodes=%d keys=%s links=%d diameter=%d latency_ms=%d"
            + " offered_tps=%d txs=%d everywhere=%d complete=%b block_p50_ms=%.2f"
            + " block_p99_ms=%.2f block_bound_ms=%.2f block_ratio=%.3f block_validation_ms=%.2f"
            + " max_block_txs=%d tx_p50_ms=%.2f tx_p99_ms=%.2f tx_bound_p50_ms=%.0f"
            + " tx_bound_p99_ms=%.0f tx_p99_ratio=%.3f accepted_tps=%.1f steady_tps=%.1f"
            + " tps_bound=%.1f tps_ratio=%.3f checks_per_s=%.0f bytes_per_tx_link=%.1f"
            + " bytes_bound=%.0f cpu_cores_per_node=%.3f heap_mib_per_node=%.1f cores=%d",
        mode, nodes, keys.label(), links, diameter, latencyMillis, offeredTps, transactions,
        everywhere, complete, ms(blockDelays, 0.5), ms(blockDelays, 0.99), blockBoundMs(),
        ms(blockDelays, 0.99) / blockBoundMs(), blockValidationMs, maxBlockTxs,
        ms(txDelays, 0.5), ms(txDelays, 0.99), txBoundP50Ms(), txBoundP99Ms(),
        ms(txDelays, 0.99) / txBoundP99Ms(), acceptedTps(), steadyTps, tpsBound(),
        acceptedTps() / tpsBound(), checksAllCores, bytesPerTxPerLink(), bytesBound(),
        cpuPerNode(), heapMiBPerNode(), cores);
  }
}
