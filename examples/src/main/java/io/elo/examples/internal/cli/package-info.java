/**
 * The {@code elo} command line: {@code elo node} (one node, optionally with its REST API), {@code
 * elo testnet} (a local network of node processes with a transaction generator and a live table),
 * {@code elo keygen}, {@code elo wallet} and {@code elo status} (clients of the REST API). The
 * entry point is {@link io.elo.examples.internal.cli.Main}; docs/getting-started.md and
 * docs/operations.md describe the commands.
 */
package io.elo.examples.internal.cli;
