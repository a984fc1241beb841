package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.TestChainBuilder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /api/v1/transactions} is a local submission: missing or spent inputs answer 400
 * {@code missing-inputs} (never an orphan), a dust output 400 {@code dust}.
 */
@Timeout(60)
class SubmitPolicyTest {
  private static final Amount COINBASE = Amount.ofCoins(50);

  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final List<Block> blocks = chain.extend(chain.genesis(), 12); // 2 mature coinbases
  private final Address payee = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());
  private RestNode rest;

  @BeforeEach
  void start() throws Exception {
    rest = RestNode.startWith(blocks);
  }

  @AfterEach
  void stop() {
    rest.close();
  }

  private Transaction spending(OutPoint outPoint, List<TxOutput> outputs) {
    return chain.spend(List.of(outPoint), List.of(COINBASE), TestChainBuilder.key(0), outputs);
  }

  private Transaction paying(OutPoint outPoint, Amount amount) {
    Amount change = COINBASE.minus(amount).minus(Amount.ofAtoms(10_000));
    return spending(outPoint, List.of(TxOutput.of(amount, payee),
        TxOutput.of(change, TestChainBuilder.minerAddress())));
  }

  private static OutPoint coinbaseOf(Block block, int index) {
    return OutPoint.of(block.transactions().get(0).txid(), index);
  }

  private RestNode.Reply submit(Transaction tx) throws Exception {
    return rest.post("/api/v1/transactions",
        "{\"hex\":\"" + HexFormat.of().formatHex(tx.encode()) + "\"}");
  }

  private void assertRejected(String reason, Transaction tx) throws Exception {
    RestNode.Reply reply = submit(tx);
    assertEquals(400, reply.status(), reply.body());
    assertEquals("tx-rejected", reply.code());
    assertEquals(reason, reply.json().get("reason").getAsString(), reply.body());
    assertEquals(tx.txid().toHex(), reply.json().get("txid").getAsString());
  }

  @Test
  void missingOrSpentInputs_answerMissingInputs_andLeaveNoOrphan() throws Exception {
    Amount half = Amount.ofCoins(25);
    Transaction unknownOutput = paying(OutPoint.of(Hash.sha256d(new byte[] {3}), 0), half);
    Transaction missingIndex = paying(coinbaseOf(blocks.get(0), 1), half); // one output only
    Transaction mined = paying(coinbaseOf(blocks.get(1), 0), half);
    rest.submit(List.of(chain.on(blocks.get(11)).add(mined).build()));
    Transaction spentOutput = paying(coinbaseOf(blocks.get(1), 0), Amount.ofCoins(20));

    for (Transaction tx : List.of(unknownOutput, missingIndex, spentOutput)) {
      assertRejected("missing-inputs", tx);
    }
    // Not remembered: asked again, the answer is the same.
    assertRejected("missing-inputs", unknownOutput);
    JsonObject mempool = rest.get("/api/v1/mempool").json();
    assertEquals(0, mempool.get("orphans").getAsInt());
    assertEquals(0, mempool.get("size").getAsInt());
  }

  @Test
  void dustOutput_answersDust_theThresholdIsAccepted() throws Exception {
    JsonObject mempool = rest.get("/api/v1/mempool").json();
    long threshold = mempool.get("dustThreshold").getAsLong();
    assertEquals(525, threshold);
    OutPoint coin = coinbaseOf(blocks.get(0), 0);

    assertRejected("dust", paying(coin, Amount.ZERO));
    assertRejected("dust", paying(coin, Amount.ofAtoms(threshold - 1)));
    assertEquals(0, rest.node.mempoolSize());

    RestNode.Reply accepted = submit(paying(coin, Amount.ofAtoms(threshold)));
    assertEquals(200, accepted.status(), accepted.body());
    assertEquals("accepted", accepted.json().get("result").getAsString());
  }
}
