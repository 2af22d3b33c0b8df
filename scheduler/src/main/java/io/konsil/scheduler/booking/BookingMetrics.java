package io.konsil.scheduler.booking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What operations watch: bookings made, bookings lost to a competitor, and how fast the earliest-slot search is. */
public record BookingMetrics(Counter bookings, Counter conflicts, Timer search) {

  public static BookingMetrics create(MeterRegistry registry) {
    return new BookingMetrics(
        Counter.builder("konsil.bookings").description("Appointments booked").register(registry),
        Counter.builder("konsil.booking.conflicts")
            .description("Holds and bookings refused because the slot was taken").register(registry),
        Timer.builder("konsil.slots.search").description("Earliest-slot search latency")
            .publishPercentiles(0.5, 0.99).register(registry));
  }
}
