package io.elo.sync;

import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.TestChainBuilder;
import java.util.ArrayList;
import java.util.List;

/** Blocks with signed transactions for the compact block unit tests. */
final class CompactFixtures {
  final TestChainBuilder chain = TestChainBuilder.regtest();
  final Block funding;
  final List<Transaction> spends = new ArrayList<>();

  /** A funding block of {@code count} outputs and {@code count} transactions spending them. */
  CompactFixtures(int count) {
    Address to = TestChainBuilder.minerAddress();
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      outputs.add(TxOutput.of(Amount.ofAtoms(100_000), to));
    }
    funding = chain.on(chain.genesis()).coinbaseOutputs(outputs).build();
    Transaction coinbase = funding.transactions().get(0);
    for (int i = 0; i < count; i++) {
      spends.add(
          chain.spend(
              coinbase,
              i,
              Amount.ofAtoms(100_000),
              TestChainBuilder.key(0),
              List.of(TxOutput.of(Amount.ofAtoms(99_000 - i), to))));
    }
  }

  /** A block on the funding block with the given transactions after its coinbase. */
  Block blockWith(List<Transaction> txs) {
    return chain.on(funding).addAll(txs).build();
  }

  /** The decoded compact block of {@code block} under {@code nonce}. */
  static ChainMessage.CompactBlock compactOf(Block block, long nonce) throws ProtocolViolation {
    return (ChainMessage.CompactBlock) ChainCodec.decode(TestMessages.compactBlock(block, nonce));
  }
}
