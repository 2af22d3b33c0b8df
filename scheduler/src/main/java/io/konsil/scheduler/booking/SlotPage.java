package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.Slot;
import java.util.List;

/** One page of free slots, earliest first; {@code next} is the key to continue after, or null on the last page. */
public record SlotPage(List<Slot> items, SlotQuery.SlotKey next) {}
