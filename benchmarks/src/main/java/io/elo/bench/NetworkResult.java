package io.elo.bench;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@link NetworkBenchmark} run and their bounds. Delays are nanoseconds, sorted.
 *
 * <ul>
 *   <li>Block propagation bound: diameter x (link latency + per-hop validation), the per-hop
 *       validation priced cold: the largest block's transactions x one Ed25519 verification on one
 *       core (measured in the same run). Relayed blocks mostly hit the signature cache, so this is
 *       generous; per-hop scheduling and the compact block round trip are not in it.
 *   <li>Transaction latency bound: diameter x (3 x link latency + 500 ms), the 500 ms being the
 *       mean Poisson announcement delay to inbound peers (the longer of the two); compared with the
 *       p50. The p99 is compared with diameter x (3 x latency + 2,300 ms): 4.6 means is an
 *       exponential delay's 99th percentile.
 *   <li>Transactions per second: accepted by every node (all in every pool, from the first
 *       submission to the last arrival) against the signature bound: Ed25519 verifications per
 *       second on all cores / nodes (every node verifies every transaction; they share the cores).
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
    int links,
    int diameter,
    long latencyMillis,
    int offeredTps,
    int transactions,
    int everywhere,
    boolean complete,
    double submitSeconds,
    double acceptSeconds,
    List<Long> txDelays,
    List<Long> blockDelays,
    int blocks,
    int maxBlockTxs,
    double verifyAllCores,
    double verifyOneCore,
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

  double blockBoundMs() {
    return diameter * (latencyMillis + maxBlockTxs * 1e3 / verifyOneCore);
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
    return verifyAllCores / nodes;
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
                + " tx/s, %d transactions, %d blocks (largest %d txs), %d cores%n",
            mode, nodes, links, diameter, latencyMillis, offeredTps, transactions, blocks,
            maxBlockTxs, cores));
    b.append(String.format(Locale.ROOT, "%-34s %12s %12s %8s%n", "figure", "value", "bound", "ratio"));
    row(b, "block propagation p50 (ms)", ms(blockDelays, 0.5), blockBoundMs());
    row(b, "block propagation p99 (ms)", ms(blockDelays, 0.99), blockBoundMs());
    row(b, "tx latency p50 (ms)", ms(txDelays, 0.5), txBoundP50Ms());
    row(b, "tx latency p99 (ms)", ms(txDelays, 0.99), txBoundP99Ms());
    row(b, "tx/s accepted by every node", acceptedTps(), tpsBound());
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
        "RESULT network mode=%s nodes=%d links=%d diameter=%d latency_ms=%d offered_tps=%d"
            + " txs=%d everywhere=%d complete=%b block_p50_ms=%.2f block_p99_ms=%.2f"
            + " block_bound_ms=%.2f tx_p50_ms=%.2f tx_p99_ms=%.2f tx_bound_p50_ms=%.0f"
            + " tx_bound_p99_ms=%.0f accepted_tps=%.1f tps_bound=%.1f bytes_per_tx_link=%.1f"
            + " bytes_bound=%.0f cpu_cores_per_node=%.3f heap_mib_per_node=%.1f cores=%d",
        mode, nodes, links, diameter, latencyMillis, offeredTps, transactions, everywhere,
        complete, ms(blockDelays, 0.5), ms(blockDelays, 0.99), blockBoundMs(),
        ms(txDelays, 0.5), ms(txDelays, 0.99), txBoundP50Ms(), txBoundP99Ms(), acceptedTps(),
        tpsBound(), bytesPerTxPerLink(), bytesBound(), cpuPerNode(), heapMiBPerNode(), cores);
  }
}
