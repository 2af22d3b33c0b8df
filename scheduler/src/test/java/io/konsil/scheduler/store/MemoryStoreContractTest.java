package io.konsil.scheduler.store;

/** The store contract against the embedded in-memory store. */
class MemoryStoreContractTest extends StoreContract {
  @Override
  protected Stores newStores() {
    return Stores.inMemory();
  }
}
