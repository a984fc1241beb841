package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.BlockTemplate;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.validation.BlockSubmitResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void template_ranksByAncestorFeeRate_childPaysForParent() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction parent = tx(f.fund(), 200, 1);
    Transaction child = tx(out(parent, 0), 40_000, 1);
    Transaction medium = tx(f.fund(), 5_000, 1);
    for (Transaction t : List.of(parent, child, medium)) {
      assertTrue(f.submit(t).isAccepted());
    }

    BlockTemplate all = f.pool.template(1_000_000);
    assertEquals(List.of(parent, child, medium), all.transactions());
    assertEquals(Amount.ofAtoms(45_200), all.totalFees());

    BlockTemplate small = f.pool.template(parent.size() + child.size());
    assertEquals(List.of(parent, child), small.transactions());
    BlockTemplate tiny = f.pool.template(medium.size());
    assertEquals(List.of(medium), tiny.transactions(), "a package that does not fit is skipped");
  }

  @Test
  void template_isDeterministic_andAValidBlockBody() throws Exception {
    PoolFixture f = PoolFixture.create(12, MempoolPolicy.defaults());
    for (int i = 0; i < 6; i++) {
      Transaction t = tx(f.fund(), 3_000, 2); // equal rates: ties decided by txid
      f.submit(t);
      f.submit(tx(out(t, 1), 1_000 + 100 * i, 1));
    }
    BlockTemplate template = f.pool.template(1_000_000);
    assertEquals(template, f.pool.template(1_000_000));
    assertEquals(12, template.transactions().size());

    Block block = f.chain.on(f.tip).addAll(template.transactions()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, f.submit(block));
    f.pool.syncWithChain();
    assertEquals(0, f.pool.size(), "everything confirmed");
  }
}
