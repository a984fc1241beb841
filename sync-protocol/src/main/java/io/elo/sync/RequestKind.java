package io.elo.sync;

/**
 * The requests a node serves to its peers, each under its own per-peer {@link RequestLimit}
 * (docs/protocol.md, "Request limits"). An item is what one message asks for.
 */
public enum RequestKind {
  /** {@code GetHeaders}; one item per message (the reply holds up to 2,000 headers). */
  GET_HEADERS("get_headers"),
  /** {@code GetBlocks}, full or compact; the items are the block hashes asked (1–16). */
  GET_BLOCKS("get_blocks"),
  /** {@code GetBlockTxn}; the items are the transaction indexes asked. */
  GET_BLOCK_TXN("get_block_txn"),
  /** {@code GetTx}; the items are the wtxids asked (1–1,000). */
  GET_TX("get_tx");

  private final String messageName;

  RequestKind(String messageName) {
    this.messageName = messageName;
  }

  /**
   * The message kind in lower snake case, as {@link ChainMessageStats#kind()} and the metrics name
   * it ({@code get_headers}, {@code get_blocks}, {@code get_block_txn}, {@code get_tx}).
   */
  public String messageName() {
    return messageName;
  }
}
