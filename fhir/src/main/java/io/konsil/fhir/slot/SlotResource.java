package io.konsil.fhir.slot;

import io.konsil.common.token.Caller;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParam;
import io.konsil.fhir.search.SearchParameters;
import io.konsil.fhir.search.SearchResult;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.booking.SlotQuery.SlotKey;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.network.Specialty;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;

/**
 * Slots, through the booking service's own search (anyone signed in may search them, as with /api/v1/slots).
 * Without {@code schedule} the search is the network-wide earliest-free-slot search: free slots only, paged by key,
 * its total known on the last page. With {@code schedule} it covers one clinician's slots of every status asked for
 * (free from the same search, busy from their appointments), with a total on every page. Held slots are not indexed
 * by the store, so busy-tentative is seen by reading a slot, not by searching.
 */
public final class SlotResource implements FhirResource {
  private static final int SCAN_PAGE = 100;
  private final BookingService booking;
  private final BookingStore bookings;
  private final NetworkStore network;

  public SlotResource(BookingService booking, BookingStore bookings, NetworkStore network) {
    this.booking = booking;
    this.bookings = bookings;
    this.network = network;
  }

  @Override
  public String type() {
    return "Slot";
  }

  @Override
  public List<SearchParam> searchParams() {
    return List.of(
        new SearchParam("schedule", SearchParamType.REFERENCE, "Schedule/ID (the clinician's id): every status"),
        new SearchParam("status", SearchParamType.TOKEN, "free | busy | busy-tentative | busy-unavailable; "
            + "without schedule only free"),
        new SearchParam("start", SearchParamType.DATE, "Slot start, with the prefixes ge and lt"),
        new SearchParam("service-type", SearchParamType.TOKEN, "Specialty code"));
  }

  @Override
  public Future<Slot> read(Caller caller, String id) {
    Instant now = booking.clock().instant();
    return bookings.slot(id).compose(s -> s == null
        ? Future.failedFuture(FhirError.NOT_FOUND.error("Slot/" + id + " is not known"))
        : network.specialties().map(specialties -> SlotMapping.slot(s, now, specialties)));
  }

  @Override
  public Future<SearchResult> search(Caller caller, SearchParameters params) {
    List<String> schedules = params.anyOf("schedule").stream()
        .map(v -> SearchParameters.reference("schedule", v, "Schedule")).toList();
    Set<SlotStatus> statuses = statuses(params.anyOf("status"));
    SearchParameters.Window window = params.window("start", Set.of("ge", "lt"), SchedulerFeature.ZONE);
    List<SearchParameters.Token> types = params.anyOf("service-type").stream().map(SearchParameters::token).toList();
    if (types.size() > 1) {
      throw FhirError.INVALID_REQUEST.error("Give one service-type at a time");
    }
    String specialty = types.isEmpty() ? null : types.get(0).code();
    if (schedules.size() > 1) {
      throw FhirError.INVALID_REQUEST.error("Give one schedule at a time");
    }
    if (schedules.isEmpty()) {
      if (!statuses.isEmpty() && !statuses.equals(EnumSet.of(SlotStatus.FREE))) {
        throw FhirError.INVALID_REQUEST.error("Busy slots are searched per schedule: add schedule=Schedule/ID");
      }
      return network.specialties().compose(specialties -> free(params, specialty, window, specialties));
    }
    return network.specialties().compose(specialties -> network.clinician(schedules.get(0)).compose(c -> c == null
        ? Future.succeededFuture(SearchResult.page(List.of(), params))
        : ofClinician(c, statuses, specialty, window, specialties)
            .map(list -> SearchResult.page(list, params))));
  }

  private static Set<SlotStatus> statuses(List<String> values) {
    Set<SlotStatus> out = EnumSet.noneOf(SlotStatus.class);
    for (String v : values) {
      String code = SearchParameters.token(v).code();
      try {
        SlotStatus s = SlotStatus.fromCode(code);
        out.add(s);
      } catch (Exception e) {
        throw FhirError.INVALID_REQUEST.error("Unknown slot status '" + code + "'");
      }
    }
    return out;
  }

  /** The network-wide free-slot search, one page; {@code _page} is "offset.cursor" of the booking service's order. */
  private Future<SearchResult> free(SearchParameters params, String specialty, SearchParameters.Window window,
                                    List<Specialty> specialties) {
    Position at = Position.read(params.page());
    Instant now = booking.clock().instant();
    SlotQuery query = new SlotQuery(specialty, null, null, null, null, window.from(), window.to(), params.count(),
        at.after());
    return booking.search(query).map(page -> {
      List<Slot> items = page.items().stream().map(s -> SlotMapping.slot(s, now, specialties)).toList();
      int seen = at.offset() + items.size();
      String next = page.next() == null ? null : new Position(seen, page.next()).write();
      return new SearchResult(items, page.next() == null ? seen : null, next);
    });
  }

  /** Every slot of one clinician in the window whose status is asked for (all statuses when none is), by start. */
  private Future<List<Slot>> ofClinician(Clinician c, Set<SlotStatus> statuses, String specialty,
                                         SearchParameters.Window window, List<Specialty> specialties) {
    if (specialty != null && !c.specialties().contains(specialty)) {
      return Future.succeededFuture(List.of());
    }
    Instant now = booking.clock().instant();
    boolean wantFree = statuses.isEmpty() || statuses.contains(SlotStatus.FREE);
    boolean wantBusy = statuses.isEmpty() || statuses.contains(SlotStatus.BUSY);
    Future<List<io.konsil.scheduler.booking.Slot>> free = wantFree
        ? scanFree(new SlotQuery(c.primarySpecialty(), c.hospital(), null, null, null, window.from(), window.to(),
            SCAN_PAGE, null), c.id(), new ArrayList<>())
        : Future.succeededFuture(List.of());
    Future<List<io.konsil.scheduler.booking.Slot>> busy = wantBusy ? booked(c, window) : Future.succeededFuture(List.of());
    return Future.all(free, busy).map(v -> {
      List<io.konsil.scheduler.booking.Slot> all = new ArrayList<>(free.result());
      all.addAll(busy.result());
      return all.stream()
          .filter(s -> window.contains(s.start()))
          .sorted(Comparator.comparing(io.konsil.scheduler.booking.Slot::start)
              .thenComparing(io.konsil.scheduler.booking.Slot::id))
          .map(s -> SlotMapping.slot(s, now, specialties))
          .filter(s -> statuses.isEmpty() || statuses.contains(s.getStatus()))
          .toList();
    });
  }

  /** Pages through the search of the clinician's offering (hospital and specialty) keeping only their slots. */
  private Future<List<io.konsil.scheduler.booking.Slot>> scanFree(SlotQuery query, String clinicianId,
                                                                  List<io.konsil.scheduler.booking.Slot> into) {
    return booking.search(query).compose(page -> {
      page.items().stream().filter(s -> s.clinicianId().equals(clinicianId)).forEach(into::add);
      if (page.next() == null) {
        return Future.succeededFuture(into);
      }
      return scanFree(new SlotQuery(query.specialty(), query.hospital(), null, null, null, query.from(), query.to(),
          SCAN_PAGE, page.next()), clinicianId, into);
    });
  }

  private Future<List<io.konsil.scheduler.booking.Slot>> booked(Clinician c, SearchParameters.Window window) {
    return bookings.appointmentsOfClinician(c.id(), window.from(), window.to()).compose(list -> {
      List<Future<io.konsil.scheduler.booking.Slot>> slots = list.stream().filter(a -> a.status().isActive())
          .map(Appointment::slotId).distinct().map(bookings::slot).toList();
      return Future.all(slots).map(v -> slots.stream().map(Future::result)
          .filter(s -> s != null && s.status() == io.konsil.scheduler.booking.SlotStatus.BOOKED).toList());
    });
  }

  /** Where a free-slot page starts: how many came before, and the key to continue after. */
  record Position(int offset, SlotKey after) {
    static Position read(String page) {
      if (page == null) {
        return new Position(0, null);
      }
      try {
        String text = new String(Base64.getUrlDecoder().decode(page), StandardCharsets.UTF_8);
        String[] parts = text.split(":", 3);
        return new Position(Integer.parseInt(parts[0]), new SlotKey(Long.parseLong(parts[1]), parts[2]));
      } catch (RuntimeException e) {
        throw FhirError.INVALID_REQUEST.error("_page is not a page this server wrote");
      }
    }

    String write() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          (offset + ":" + after.startEpochSecond() + ":" + after.id()).getBytes(StandardCharsets.UTF_8));
    }
  }

}
