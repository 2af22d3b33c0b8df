package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.presence.Presence;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.agenda.Agenda;
import io.konsil.scheduler.agenda.AgendaEvents;
import io.konsil.scheduler.agenda.PresenceFollower;
import io.konsil.scheduler.api.ApiRouter;
import io.konsil.scheduler.api.BookingRoutes;
import io.konsil.scheduler.api.DemoRoutes;
import io.konsil.scheduler.api.NetworkRoutes;
import io.konsil.scheduler.api.ReferralRoutes;
import io.konsil.scheduler.api.RequestContract;
import io.konsil.scheduler.api.SecondOpinionRoutes;
import io.konsil.scheduler.booking.BookingMetrics;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.JoinToken;
import io.konsil.scheduler.demo.DemoData;
import io.konsil.scheduler.referral.ReferralService;
import io.konsil.scheduler.room.Invites;
import io.konsil.scheduler.schedule.Horizon;
import io.konsil.scheduler.schedule.ScheduleService;
import io.konsil.scheduler.secondopinion.SecondOpinionService;
import io.konsil.scheduler.store.Stores;
import io.konsil.scheduler.waiting.WaitingTimes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/** The booking service as the node sees it: REST /api/v1 over the scheduler's stores. */
public final class SchedulerFeature implements Feature {
  /** Where schedules are laid out and dates are read: Norwegian local time. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Oslo");
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerFeature.class);
  public static final java.time.Duration HORIZON_EVERY = java.time.Duration.ofMinutes(15);
  public static final String OPENAPI_RESOURCE = "openapi/konsil-api.yaml";

  private final KonsilConfig config;
  private final TokenVerifier verifier;
  private final TokenIssuer issuer;
  private final Presence presence;
  private final Stores stores;
  private final Clock clock;
  private final BookingService booking;
  private final Vertx vertx;
  private final Horizon horizon;
  private final AgendaEvents agendaEvents;
  private final RequestContract contract = new RequestContract();
  private long horizonTimer = -1;

  private SchedulerFeature(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer, Presence presence,
                           MeterRegistry registry, Clock clock, Stores stores) {
    this.vertx = vertx;
    this.config = config;
    this.verifier = verifier;
    this.issuer = issuer;
    this.presence = presence;
    this.stores = stores;
    this.clock = clock;
    this.booking = new BookingService(stores, clock, config.booking(), BookingMetrics.create(registry),
        new JoinToken.Minter(issuer, config, clock));
    this.horizon = new Horizon(stores, clock, ZONE, config.booking().slotHorizonDays(), config.booking().joinGrace());
    this.agendaEvents = new AgendaEvents(vertx, verifier, stores, clock);
  }

  public static SchedulerFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer,
                                        Presence presence, MeterRegistry registry) {
    return create(vertx, config, verifier, issuer, presence, registry, Clock.systemUTC(), Stores.inMemory());
  }

  /** With a clock tests can move and stores they (or a benchmark) have filled or will inspect. */
  public static SchedulerFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer,
                                        Presence presence, MeterRegistry registry, Clock clock, Stores stores) {
    return new SchedulerFeature(vertx, config, verifier, issuer, presence, registry, clock, stores);
  }

  @Override
  public String name() {
    return "scheduler";
  }

  public Stores stores() {
    return stores;
  }

  public BookingService booking() {
    return booking;
  }

  /**
   * Which consultation a room belongs to, for signaling's waiting room. Temporary, minimal version on the web-client
   * branch (the scheduler's own implementation replaces it): appointment or second opinion by room, names from the
   * network store.
   */
  public io.konsil.common.room.RoomDirectory roomDirectory() {
    return new io.konsil.scheduler.room.StoreRoomDirectory(stores);
  }

  @Override
  public Future<Void> start() {
    presence.onChange(new PresenceFollower(stores, presence));
    // Every node pushes to the agendas it serves: a knock committed on another node reaches them too.
    presence.watch(agendaEvents);
    horizonTimer = vertx.setPeriodic(HORIZON_EVERY.toMillis(), id -> horizon.roll());
    Future<Boolean> demo = config.demo()
        ? DemoData.load(stores, clock, ZONE, config.booking().slotHorizonDays())
            .onSuccess(loaded -> LOG.info(loaded ? "demo data loaded" : "demo data already present in the store"))
        : Future.succeededFuture(false);
    return contract.load(vertx, openApi()).compose(v -> demo).compose(v -> horizon.roll())
        .onSuccess(added -> LOG.info("slot horizon ready ({} new slots)", added)).mapEmpty();
  }

  /** Rolls the slot horizon forward and marks no-shows now (the node also does it every {@link #HORIZON_EVERY}). */
  public Future<Integer> rollHorizon() {
    return horizon.roll();
  }

  @Override
  public Future<Void> shutdown() {
    if (horizonTimer >= 0) {
      vertx.cancelTimer(horizonTimer);
    }
    agendaEvents.close();
    return Future.succeededFuture();
  }

  @Override
  public void mount(Router router) {
    JoinToken.Minter minter = new JoinToken.Minter(issuer, config, clock);
    ApiRouter.mount(router, verifier, openApi(), contract,
        new DemoRoutes(config.demo(), issuer),
        new NetworkRoutes(stores.network(), new ScheduleService(stores, clock, ZONE, config.booking().slotHorizonDays()),
            new WaitingTimes(stores, clock, ZONE), clock),
        new BookingRoutes(booking, new Agenda(stores, presence, ZONE), stores.network(), config.publicUrl(),
            config.booking().slotHorizonDays()),
        new ReferralRoutes(new ReferralService(stores, clock), stores.network(), clock),
        new SecondOpinionRoutes(new SecondOpinionService(stores, clock, config.booking(), minter),
            new Invites(stores, minter), stores.network()),
        new ApiRouter.Routes() {
          // Before the bearer check: EventSource cannot send the header, the stream checks ?access_token= itself.
          @Override
          public void mountPublic(Router router) {
            router.get(ApiRouter.BASE + "/agenda/events").handler(agendaEvents::stream);
          }

          @Override
          public void mount(Router router) {}
        });
  }

  @Override
  public List<String> links(String baseUrl) {
    if (!config.demo()) {
      return List.of();
    }
    return List.of(
        "Patient Kari Nordmann: " + baseUrl + "/?demo=patient-kari",
        "GP Ingrid Hansen: " + baseUrl + "/?demo=gp-hansen",
        "Cardiologist (OUS): " + baseUrl + "/?demo=spec-ous-cardiology",
        "Admin: " + baseUrl + "/?demo=admin-konsil",
        "Demo users: " + baseUrl + ApiRouter.BASE + "/demo/users");
  }

  @Override
  public Future<Void> health() {
    return stores.network().hospitals().mapEmpty();
  }

  static Buffer openApi() {
    try (InputStream in = SchedulerFeature.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
