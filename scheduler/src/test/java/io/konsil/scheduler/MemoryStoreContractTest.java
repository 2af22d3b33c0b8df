package io.konsil.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded in-memory store, plus what is particular to it. */
class MemoryStoreContractTest extends StoreContract {
  @Override
  protected Stores newStores() {
    return Stores.inMemory();
  }

  @Test
  void aSearchMatchingAlmostNothingFindsItsOneMatchOnTheFirstPage() throws Exception {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      slots.add(slot("s" + i, "c1", "H1", 1));
    }
    Instant late = NOW.plus(Duration.ofDays(3));
    slots.add(Slot.free("rare", "c2", "H1", "east", "cardiology", SlotMode.VIDEO, List.of("so"), late,
        late.plus(Duration.ofMinutes(30))));
    await(stores.booking().addSlots(slots));
    SlotPage page = await(stores.booking().search(new SlotQuery(null, null, null, null, "so", null, null, 10, null), NOW));
    assertEquals(List.of("rare"), page.items().stream().map(Slot::id).toList());
    assertNull(page.next());
  }
}
