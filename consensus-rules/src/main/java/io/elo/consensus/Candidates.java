package io.elo.consensus;

import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.util.ArrayList;
import java.util.List;

/** Builds the transactions of a candidate block; shared by the miner and the sealer. */
final class Candidates {
  /** Room kept free in a block for the header, the count and the coinbase. */
  static final int RESERVED_BYTES = 1_000;

  /** Header version of produced blocks. */
  static final int VERSION = 1;

  private Candidates() {}

  /** Returns the template for a block of {@code params}, sized to leave room for the coinbase. */
  static BlockTemplate template(ChainParams params, TemplateSource source) {
    return source.template(params.maxBlockSize() - RESERVED_BYTES);
  }

  /** Returns the coinbase paying subsidy plus fees to {@code payTo}, followed by the template. */
  static List<Transaction> transactions(
      ChainParams params, Height height, BlockTemplate template, Address payTo, byte[] extra) {
    Amount reward = params.subsidy(height).plus(template.totalFees());
    Transaction coinbase =
        Transaction.coinbase(height, extra, List.of(TxOutput.of(reward, payTo)));
    List<Transaction> txs = new ArrayList<>(template.transactions().size() + 1);
    txs.add(coinbase);
    txs.addAll(template.transactions());
    return txs;
  }

  /** The earliest timestamp a block after {@code parent} may carry: MTP + 1. */
  static long earliestTimestamp(HeaderChain parent) {
    return parent.medianTimePast() + 1;
  }
}
