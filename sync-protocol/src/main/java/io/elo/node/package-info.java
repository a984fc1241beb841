/**
 * The embeddable full node: {@link io.elo.node.Node#builder()} wires a chain state, a mempool, a
 * peer network and the chain protocol into one object with a start, a close, transaction and
 * block submission, queries and listeners. docs/node.md describes the API.
 */
package io.elo.node;
