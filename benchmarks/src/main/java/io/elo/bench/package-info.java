/**
 * JMH micro-benchmarks of Elo's hot paths, each next to the baseline it is judged against, and
 * {@link io.elo.bench.BenchmarkReport}, which runs them and reports medians and ratios; and
 * node-level macro benchmarks run as plain programs ({@link io.elo.bench.SyncBenchmark}, {@link
 * io.elo.bench.ThroughputBenchmark}, {@link io.elo.bench.PropagationBenchmark}, {@link
 * io.elo.bench.MemoryBenchmark}), each printing a {@code RESULT} line with its figure, same-run
 * baseline and ratio.
 */
package io.elo.bench;
