package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same seed and the same actions give the same run, frame for frame. */
@Timeout(60)
class DeterminismIT {
  private static Hash run(long seed) {
    TestChainBuilder chain = TestChainBuilder.regtest();
    List<Block> blocks = chain.extend(chain.genesis(), 40);
    try (SimulatedNodes net = SimulatedNodes.create(seed, chain.params(), chain.clockStart())) {
      List<Node> nodes = List.of(net.add(), net.add(), net.add(), net.add());
      net.connect(nodes.get(0), nodes.get(1));
      net.connect(nodes.get(1), nodes.get(2));
      net.connect(nodes.get(2), nodes.get(3));
      for (Block block : blocks.subList(0, 20)) {
        net.submit(nodes.get(0), block);
      }
      Node late = net.add();
      net.connect(late, nodes.get(3));
      net.connect(late, nodes.get(1));
      for (Block block : blocks.subList(20, 40)) {
        net.submit(nodes.get(2), block);
      }
      Hash tip = blocks.get(39).hash();
      assertTrue(
          net.runUntil(
              () -> net.nodes().stream().allMatch(n -> n.tip().hash().equals(tip)),
              Duration.ofSeconds(60)));
      net.runFor(Duration.ofSeconds(5));
      return net.network().traceDigest();
    }
  }

  @Test
  void sameSeed_sameTrace_otherSeed_otherTrace() {
    Hash first = run(71);
    assertEquals(first, run(71));
    assertNotEquals(first, run(72));
  }
}
