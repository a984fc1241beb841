package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStates;
import io.elo.validation.ChainTip;
import io.elo.validation.TestChainBuilder;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocatorsTest {
  @Test
  void locator_isDenseThenExponential_genesisLast_andMatchesTheChainState() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (ChainState state =
        ChainStates.inMemory(chain.params(), InstantSource.fixed(chain.clockStart()))) {
      for (Block b : chain.extend(chain.genesis(), 300)) {
        state.submitBlock(b);
      }
      ChainTip tip = state.tip();
      List<Hash> locator = Locators.of(tip);
      assertEquals(state.locator(), locator);
      assertEquals(tip.hash(), locator.get(0));
      assertEquals(tip.ancestorHash(Height.of(291)).orElseThrow(), locator.get(9));
      assertEquals(chain.params().genesisHash(), locator.get(locator.size() - 1));
      assertTrue(locator.size() <= TestMessages.MAX_LOCATOR);
    }
  }

  @Test
  void locator_withNewerHashes_keepsThemFirst_andStaysBounded() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (ChainState state =
        ChainStates.inMemory(chain.params(), InstantSource.fixed(chain.clockStart()))) {
      List<Hash> newer = List.of(Hash.sha256(new byte[] {1}), Hash.sha256(new byte[] {2}));
      List<Hash> locator = Locators.of(state.tip(), newer);
      assertEquals(List.of(newer.get(0), newer.get(1), chain.params().genesisHash()), locator);
    }
  }
}
