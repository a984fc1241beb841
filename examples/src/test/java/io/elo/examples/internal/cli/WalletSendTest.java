package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.KeyFiles;
import io.elo.examples.internal.rest.RestNode;
import io.elo.mempool.MempoolEntry;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.validation.TestChainBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elo wallet send} against a real node's REST API respects the dust rule: change below the
 * node's dust threshold goes to the fee, a payment below it is refused before anything is sent.
 */
@Timeout(60)
class WalletSendTest {
  private static final long DEFAULT_FEE = 1_000; // the --fee default, 0.00001

  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final String payee = Address.fromPublicKey(TestChainBuilder.key(1).publicKey())
      .toText(chain.params().addressPrefix());
  private RestNode rest;
  private Path key;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    rest = RestNode.startWith(chain.extend(chain.genesis(), 12)); // to key 0; 2 coins mature
    key = dir.resolve("payer.key");
    KeyFiles.write(key, TestChainBuilder.key(0).privateKey());
  }

  @AfterEach
  void stop() {
    rest.close();
  }

  private Run send(Amount amount) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(
        new String[] {"wallet", "send", "--key", key.toString(), "--to", payee, "--amount",
            amount.toString(), "--rest", rest.base().toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Transaction onlyPoolTransaction() {
    List<MempoolEntry> entries = rest.node().mempool().entries();
    assertEquals(1, entries.size());
    return entries.get(0).transaction();
  }

  @Test
  void changeBelowTheDustThreshold_isAddedToTheFee() throws Exception {
    long dustChange = 524;
    Amount pay = Amount.ofCoins(50).minus(Amount.ofAtoms(DEFAULT_FEE + dustChange));
    Run run = send(pay);
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("change below the dust threshold added"), run.out());

    Transaction tx = onlyPoolTransaction();
    assertEquals(1, tx.outputs().size(), "no change output");
    assertEquals(pay, tx.outputs().get(0).amount());
    assertEquals(Amount.ofAtoms(DEFAULT_FEE + dustChange),
        rest.node().mempool().entry(tx.txid()).orElseThrow().fee());
  }

  @Test
  void changeAtTheDustThreshold_isPaidBack() throws Exception {
    long threshold = rest.node().mempool().dustThreshold().atoms();
    Amount pay = Amount.ofCoins(50).minus(Amount.ofAtoms(DEFAULT_FEE + threshold));
    Run run = send(pay);
    assertEquals(0, run.code(), run.out() + run.err());

    Transaction tx = onlyPoolTransaction();
    assertEquals(2, tx.outputs().size());
    assertEquals(Amount.ofAtoms(threshold), tx.outputs().get(1).amount());
    assertEquals(Amount.ofAtoms(DEFAULT_FEE),
        rest.node().mempool().entry(tx.txid()).orElseThrow().fee());
  }

  @Test
  void paymentBelowTheDustThreshold_isRefusedBeforeSending() {
    Amount threshold = rest.node().mempool().dustThreshold();
    Run run = send(threshold.minus(Amount.ofAtoms(1)));
    assertEquals(1, run.code(), run.out() + run.err());
    assertTrue(run.err().contains("below the node's dust threshold"), run.err());
    assertEquals(0, rest.node().mempoolSize());
  }

  @Test
  void generatorOutputs_areFarAboveTheDustThreshold() {
    assertTrue(TxGenerator.MIN_OUTPUT > 10 * rest.node().mempool().dustThreshold().atoms());
  }
}
