/**
 * JMH micro-benchmarks of Elo's hot paths, each next to the baseline it is judged against, and
 * {@link io.elo.bench.BenchmarkReport}, which runs them and reports medians and ratios; and
 * node-level macro benchmarks run as plain programs ({@link io.elo.bench.SyncBenchmark}, {@link
 * io.elo.bench.ThroughputBenchmark}, {@link io.elo.bench.NetworkBenchmark}, {@link
 * io.elo.bench.PropagationBenchmark}, {@link io.elo.bench.MemoryBenchmark}, {@link
 * io.elo.bench.SoakTest}; {@code elo bench} runs them through {@link io.elo.bench.BenchCli}), each
 * printing {@code RESULT <name> key=value ...} lines with its figures, the bounds measured in the
 * same run and the ratios.
 */
package io.elo.bench;
