package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.booking.SlotQuery.SlotKey;
import io.konsil.scheduler.booking.SlotStatus;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The earliest-slot search over Redis. Each hospital's search function answers its own first {@code limit + 1} free
 * matches after the cursor (one call per hospital, all in flight at once); the node merges them in (start, id) order,
 * which gives the network's first {@code limit + 1}, and reads the page's slots. Every match was free when its
 * hospital answered, after the search began: a slot held or booked before the search started is never offered. A slot
 * taken in the moment between the two steps would be shown taken, so the page is searched again then.
 */
final class SlotSearch {
  private static final int ATTEMPTS = 3;

  private record Match(long second, String id, String hospital) {
    SlotKey key() {
      return new SlotKey(second, id);
    }
  }

  private static final Comparator<Match> ORDER = Comparator.comparing(Match::key);

  private final RedisGateway gateway;
  private final BookingFunctions functions;
  private final KnownHospitals hospitals;

  SlotSearch(RedisGateway gateway, BookingFunctions functions, KnownHospitals hospitals) {
    this.gateway = gateway;
    this.functions = functions;
    this.hospitals = hospitals;
  }

  Future<SlotPage> search(SlotQuery q, Instant now) {
    if (q.limit() <= 0) {
      return Future.succeededFuture(new SlotPage(List.of(), null));
    }
    Future<Set<String>> asked = q.hospital() != null ? Future.succeededFuture(Set.of(q.hospital())) : hospitals.all();
    return asked.compose(codes -> attempt(q, now, codes, ATTEMPTS));
  }

  private Future<SlotPage> attempt(SlotQuery q, Instant now, Set<String> hospitals, int attemptsLeft) {
    return matches(q, now, hospitals).compose(found -> {
      List<Match> page = found.subList(0, Math.min(q.limit(), found.size()));
      SlotKey next = found.size() > q.limit() ? page.get(page.size() - 1).key() : null;
      List<Future<Slot>> slots = page.stream().map(this::read).toList();
      return Future.all(slots).compose(all -> {
        List<Slot> items = slots.stream().map(Future::result)
            .filter(s -> s != null && s.statusAt(now) == SlotStatus.FREE).toList();
        if (items.size() < page.size() && attemptsLeft > 1) {
          return attempt(q, now, hospitals, attemptsLeft - 1);
        }
        return Future.succeededFuture(new SlotPage(items, next));
      });
    });
  }

  /** The network's first {@code limit + 1} matches, merged from every hospital's. */
  private Future<List<Match>> matches(SlotQuery q, Instant now, Set<String> hospitals) {
    int wanted = q.limit() + 1;
    List<String> args = arguments(q, now, wanted);
    List<Future<List<Match>>> perHospital = new ArrayList<>();
    for (String hospital : hospitals) {
      perHospital.add(functions.search(hospital, args).map(flat -> {
        List<Match> matches = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
          matches.add(new Match(Long.parseLong((String) flat.get(i + 1)), (String) flat.get(i), hospital));
        }
        return matches;
      }));
    }
    return Future.all(perHospital).map(all -> {
      List<Match> merged = new ArrayList<>();
      perHospital.forEach(f -> merged.addAll(f.result()));
      merged.sort(ORDER);
      return merged.size() > wanted ? merged.subList(0, wanted) : merged;
    });
  }

  /** The search function's arguments: where to start (as the embedded store's index does), filters, now. */
  private static List<String> arguments(SlotQuery q, Instant now, int wanted) {
    Instant from = q.from() != null && q.from().isAfter(now) ? q.from() : now;
    SlotKey floor = new SlotKey(from.getEpochSecond(), "");
    boolean afterCursor = q.after() != null && q.after().compareTo(floor) >= 0;
    SlotKey position = afterCursor ? q.after() : floor;
    return List.of(Integer.toString(wanted), Long.toString(position.startEpochSecond()), position.id(),
        afterCursor ? "0" : "1", q.to() == null ? "+inf" : Long.toString(q.to().getEpochSecond()),
        SlotHash.millis(now), orEmpty(q.specialty()), orEmpty(q.region()), q.mode() == null ? "" : q.mode().wire(),
        orEmpty(q.language()));
  }

  private Future<Slot> read(Match m) {
    return gateway.call(c -> c.hgetall(BookingKeys.slot(m.hospital(), m.id())))
        .map(fields -> SlotHash.read(m.id(), m.hospital(), fields));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
