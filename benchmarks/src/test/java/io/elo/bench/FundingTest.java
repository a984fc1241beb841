package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FundingTest {
  @Test
  void distinctKeys_signEveryTransactionWithItsOwnKey_andABlockOfThemConnects() throws Exception {
    Funding funding = new Funding(50, KeyMode.DISTINCT);
    List<Transaction> txs = funding.next(50);

    assertEquals(50, keys(txs).size());
    assertEquals(0, funding.remaining());
    Block block = funding.chain().on(funding.last()).addAll(txs).build();
    // throws unless every signature (and key) is valid
    ColdValidation.largestMillis(Funding.PARAMS, funding.blocks(), List.of(block));
  }

  @Test
  void oneKey_signsEveryTransactionWithWalletKeyZero() {
    Funding funding = new Funding(20, KeyMode.ONE);

    assertEquals(1, keys(funding.next(20)).size());
  }

  @Test
  void coinsSpreadOverFundingBlocks_andRunOut() {
    Funding funding = new Funding(Funding.PER_BLOCK + 3, KeyMode.ONE);

    assertEquals(2, funding.blocks().size());
    List<Transaction> txs = funding.next(Funding.PER_BLOCK + 3);
    assertEquals(Funding.PER_BLOCK + 3, txs.stream().map(Transaction::txid).distinct().count());
    assertThrows(IllegalArgumentException.class, () -> funding.next(1));
  }

  private static Set<String> keys(List<Transaction> txs) {
    return txs.stream()
        .map(tx -> tx.inputs().get(0))
        .map(TxInput::publicKey)
        .map(HexFormat.of()::formatHex)
        .collect(Collectors.toSet());
  }
}
