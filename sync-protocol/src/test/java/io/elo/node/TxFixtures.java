package io.elo.node;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainWork;
import io.elo.crypto.KeyPair;
import io.elo.mempool.AdmissionResult;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.TxMessage;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
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

  /** The {@code Tx} chain message carrying {@code tx}, as a peer sends it unrequested. */
  public static byte[] txMessage(Transaction tx) {
    return ChainMessage.newBuilder()
        .setTx(TxMessage.newBuilder().setTransaction(ByteString.copyFrom(tx.encode())))
        .build()
        .toByteArray();
  }

  /**
   * A scripted peer of {@link FundedChain#PARAMS} claiming no work, dialled by {@code node}; runs
   * a second of virtual time so the handshake and status exchange are done.
   */
  public static ScriptedPeer scriptedPeer(SimulatedNodes net, Node node) {
    ScriptedPeer peer =
        ScriptedPeer.start(
            net.network(),
            FundedChain.PARAMS,
            List.of(FundedChain.PARAMS.genesis()),
            ScriptedPeer.Blocks.HONEST);
    peer.claimWork(ChainWork.ZERO);
    net.await(node.connect(peer.network().listenAddress().orElseThrow()));
    net.runFor(Duration.ofSeconds(1));
    return peer;
  }

  /** A block on {@code parent} holding {@code node}'s mempool template. */
  public static Block mineTemplate(TestChainBuilder chain, Block parent, Node node) {
    node.mempool().syncWithChain();
    List<Transaction> txs = node.mempool().template(1_000_000).transactions();
    return chain.on(parent).addAll(txs).build();
  }
}
