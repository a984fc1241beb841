/**
 * JMH micro-benchmarks of Elo's hot paths, each next to the baseline it is judged against, and
 * {@link io.elo.bench.BenchmarkReport}, which runs them and reports medians and ratios.
 */
package io.elo.bench;
