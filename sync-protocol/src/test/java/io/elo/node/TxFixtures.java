package io.elo.node;

import io.elo.crypto.KeyPair;
import io.elo.mempool.AdmissionResult;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.TestChainBuilder;
import java.util.List;

/**
 * Shared fixture (test-jar): signed spendable transactions for relay tests over a {@link
 * TestChainBuilder} chain, and blocks mined from a node's mempool.
 */
public final class TxFixtures {
  /** Fee of every transaction built here. */
  public static final Amount FEE = Amount.ofAtoms(10_000);

  private TxFixtures() {}

  /** Spends the coinbase of {@code block} (paid to key 0) to key {@code to}. */
  public static Transaction spendCoinbase(TestChainBuilder chain, Block block, int to) {
    return chain.spendCoinbase(block, address(to), FEE);
  }

  /** Spends output 0 of {@code parent}, owned by key {@code owner}, back to the same key. */
  public static Transaction child(TestChainBuilder chain, Transaction parent, int owner) {
    Amount value = parent.outputs().get(0).amount();
    KeyPair key = TestChainBuilder.key(owner);
    return chain.spend(
        parent, 0, value, key, List.of(TxOutput.of(value.minus(FEE), address(owner))));
  }

  /** The address of wallet key {@code key}. */
  public static Address address(int key) {
    return Address.fromPublicKey(TestChainBuilder.key(key).publicKey());
  }

  /** Submits {@code tx} locally and fails unless it is accepted. */
  public static void submit(Node node, Transaction tx) {
    AdmissionResult result = node.submitTransaction(tx);
    if (!result.isAccepted()) {
      throw new AssertionError("not accepted: " + result);
    }
  }

  /** A block on {@code parent} holding {@code node}'s mempool template. */
  public static Block mineTemplate(TestChainBuilder chain, Block parent, Node node) {
    node.mempool().syncWithChain();
    List<Transaction> txs = node.mempool().template(1_000_000).transactions();
    return chain.on(parent).addAll(txs).build();
  }
}
