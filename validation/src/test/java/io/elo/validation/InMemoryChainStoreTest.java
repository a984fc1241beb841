package io.elo.validation;

/** Runs the {@link ChainStore} contract against {@link InMemoryChainStore}. */
class InMemoryChainStoreTest extends ChainStoreContractTest {
  @Override
  protected ChainStore newStore() {
    return new InMemoryChainStore();
  }
}
