/**
 * The Elo reference node: the {@code elo} command line ({@code node}, {@code testnet},
 * {@code keygen}, {@code wallet}, {@code status}, {@code bench}), the REST API and dashboard it
 * serves, and the embedding examples. Implementation packages are under
 * {@code io.elo.examples.internal}.
 */
package io.elo.examples;
