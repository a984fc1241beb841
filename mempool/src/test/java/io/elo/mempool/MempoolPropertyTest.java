package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.elo.consensus.BlockTemplate;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.validation.BlockSubmitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random action sequences (submissions that may conflict, replace, chain or overflow the cap;
 * blocks mined from the pool's own template; reorganisations; time passing) keep the pool's
 * invariants (see {@link Invariants}), and every template connects as a valid block.
 */
class MempoolPropertyTest {
  private static final int CAP = 4_000;

  @Property(tries = 100)
  void randomActions_keepTheInvariants(
      @ForAll @Size(min = 5, max = 30) List<@IntRange(min = 0, max = 1_000_000) Integer> actions)
      throws Exception {
    MempoolPolicy policy =
        MempoolPolicy.builder()
            .maxBytes(CAP)
            .ancestorLimits(4, 2_000)
            .descendantLimits(4, 2_000)
            .maxReplacements(5)
            .build();
    PoolFixture f = PoolFixture.create(24, policy);
    for (int seed : actions) {
      Random random = new Random(seed);
      switch (seed % 10) {
        case 0, 1, 2, 3, 4 -> submit(f, random);
        case 5 -> replace(f, random);
        case 6, 7 -> mineTemplate(f, random.nextInt(3) == 0 ? 600 : 100_000);
        case 8 -> reorg(f, 1 + random.nextInt(2));
        default -> f.clock.advance(Duration.ofMinutes(random.nextInt(120)));
      }
      f.pool.syncWithChain();
      Invariants.check(f.pool, f.state);
    }
    mineTemplate(f, 1_000_000);
    Invariants.check(f.pool, f.state);
  }

  private static void submit(PoolFixture f, Random random) throws Exception {
    List<PoolFixture.Utxo> candidates = new ArrayList<>();
    for (PoolFixture.Utxo fund : f.funds) {
      if (f.state.coin(fund.outPoint()).isPresent()) {
        candidates.add(fund);
      }
    }
    for (MempoolEntry e : f.pool.entries()) {
      for (int i = 0; i < e.transaction().outputs().size(); i++) {
        candidates.add(out(e.transaction(), i));
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    List<PoolFixture.Utxo> inputs = new ArrayList<>();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      PoolFixture.Utxo pick = candidates.get(random.nextInt(candidates.size()));
      if (!inputs.contains(pick)) {
        inputs.add(pick);
      }
    }
    int outputs = 1 + random.nextInt(3);
    long size = 60 + 140L * inputs.size() + 40L * outputs;
    long fee = size * random.nextInt(30);
    long total = inputs.stream().mapToLong(u -> u.amount().atoms()).sum();
    if (fee >= total) {
      return;
    }
    f.submit(PoolFixture.tx(inputs, fee, outputs));
  }

  private static void replace(PoolFixture f, Random random) throws Exception {
    List<MempoolEntry> entries = f.pool.entries();
    if (entries.isEmpty()) {
      return;
    }
    MempoolEntry victim = entries.get(random.nextInt(entries.size()));
    Transaction old = victim.transaction();
    PoolFixture.Utxo input = null;
    for (PoolFixture.Utxo fund : f.funds) {
      if (fund.outPoint().equals(old.inputs().get(0).outPoint())) {
        input = fund;
      }
    }
    for (MempoolEntry e : entries) {
      if (e.transaction().txid().equals(old.inputs().get(0).outPoint().txid())) {
        input = out(e.transaction(), old.inputs().get(0).outPoint().index());
      }
    }
    if (input == null) {
      return;
    }
    long fee = victim.descendantFees().atoms() + 1_000 + random.nextInt(20_000);
    if (fee < input.amount().atoms()) {
      f.submit(PoolFixture.tx(input, fee, 1 + random.nextInt(2)));
    }
  }

  private static void mineTemplate(PoolFixture f, int maxBytes) throws Exception {
    BlockTemplate template = f.pool.template(maxBytes);
    Block block = f.chain.on(f.tip).addAll(template.transactions()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, f.submit(block), "template is valid");
  }

  private static void reorg(PoolFixture f, int depth) throws Exception {
    int height = f.state.tip().height().value();
    if (height - depth < 1) {
      return; // keep the funding block
    }
    Block fork = f.state.blockAt(Height.of(height - depth)).orElseThrow();
    for (int i = 0; i <= depth; i++) {
      fork = f.blockOn(fork, List.of());
      f.submit(fork);
    }
  }
}
