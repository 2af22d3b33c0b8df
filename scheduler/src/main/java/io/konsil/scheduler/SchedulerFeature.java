package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.presence.Presence;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.common.audit.AuditTrail;
import io.konsil.scheduler.agenda.Agenda;
import io.konsil.scheduler.audit.AccessLogRoutes;
import io.konsil.scheduler.audit.AccessRecorder;
import io.konsil.common.audit.Door;
import io.konsil.scheduler.agenda.AgendaEvents;
import io.konsil.scheduler.agenda.AgendaRoutes;
import io.konsil.scheduler.agenda.PresenceFollower;
import io.konsil.scheduler.booking.BookingMetrics;
import io.konsil.scheduler.booking.BookingRoutes;
import io.konsil.scheduler.booking.BookingService;
import io.konsil.scheduler.booking.JoinToken;
import io.konsil.scheduler.demo.DemoData;
import io.konsil.scheduler.demo.DemoRoutes;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.RequestContract;
import io.konsil.scheduler.network.NetworkRoutes;
import io.konsil.scheduler.referral.ReferralRoutes;
import io.konsil.scheduler.referral.ReferralService;
import io.konsil.scheduler.room.ConsultationDirectory;
import io.konsil.scheduler.room.InviteRoutes;
import io.konsil.scheduler.room.Invites;
import io.konsil.scheduler.schedule.Horizon;
import io.konsil.scheduler.schedule.ScheduleRoutes;
import io.konsil.scheduler.schedule.ScheduleService;
import io.konsil.scheduler.secondopinion.SecondOpinionRoutes;
import io.konsil.scheduler.secondopinion.SecondOpinionService;
import io.konsil.scheduler.waiting.WaitingTimeRoutes;
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
  private final AccessRecorder audit;
  private final ScheduleService schedules;
  private final ReferralService referrals;
  private final SecondOpinionService secondOpinions;
  private final RequestContract contract = new RequestContract();
  private long horizonTimer = -1;

  private SchedulerFeature(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer, Presence presence,
                           MeterRegistry registry, Clock clock, Stores stores, AuditTrail audit) {
    this.audit = new AccessRecorder(audit, Door.REST);
    this.vertx = vertx;
    this.config = config;
    this.verifier = verifier;
    this.issuer = issuer;
    this.presence = presence;
    this.stores = stores;
    this.clock = clock;
    this.booking = new BookingService(stores.booking(), stores.referrals(), stores.network(), clock, config.booking(),
        BookingMetrics.create(registry), new JoinToken.Minter(issuer, config, clock));
    this.horizon = new Horizon(stores.network(), stores.schedules(), stores.booking(), clock, ZONE,
        config.booking().slotHorizonDays(), config.booking().joinGrace());
    this.agendaEvents = new AgendaEvents(vertx, verifier, stores.booking(), clock, this.audit);
    JoinToken.Minter minter = new JoinToken.Minter(issuer, config, clock);
    this.schedules = new ScheduleService(stores.network(), stores.schedules(), stores.booking(), clock, ZONE,
        config.booking().slotHorizonDays());
    this.referrals = new ReferralService(stores.referrals(), stores.network(), clock);
    this.secondOpinions = new SecondOpinionService(stores.secondOpinions(), stores.booking(), stores.network(), clock,
        config.booking(), minter);
  }

  public static SchedulerFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer,
                                        Presence presence, MeterRegistry registry) {
    return create(vertx, config, verifier, issuer, presence, registry, Clock.systemUTC(), Stores.inMemory());
  }

  /** With a clock tests can move and stores they (or a benchmark) have filled or will inspect; audit in memory. */
  public static SchedulerFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer,
                                        Presence presence, MeterRegistry registry, Clock clock, Stores stores) {
    return create(vertx, config, verifier, issuer, presence, registry, clock, stores,
        AuditTrail.inMemory(clock, config.nodeId()));
  }

  /** With the node's audit trail (in Redis on a network, shared with signaling). */
  public static SchedulerFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, TokenIssuer issuer,
                                        Presence presence, MeterRegistry registry, Clock clock, Stores stores,
                                        AuditTrail audit) {
    return new SchedulerFeature(vertx, config, verifier, issuer, presence, registry, clock, stores, audit);
  }

  public AuditTrail audit() {
    return audit.trail();
  }

  /** Records accesses to patient data through the REST API; {@code through(Door.FHIR)} for the FHIR facade. */
  public AccessRecorder accessRecorder() {
    return audit;
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

  /** The services behind /api/v1, for other facades over the same rules (FHIR): never a second booking path. */
  public ScheduleService schedules() {
    return schedules;
  }

  public ReferralService referrals() {
    return referrals;
  }

  public SecondOpinionService secondOpinions() {
    return secondOpinions;
  }

  public int horizonDays() {
    return config.booking().slotHorizonDays();
  }

  /** Which consultation a room belongs to, for signaling's waiting room (the node wires it into signaling). */
  public RoomDirectory roomDirectory() {
    return roomDirectory(stores);
  }

  /** The same over {@code stores}, for a node that builds signaling before the scheduler (which needs its presence). */
  public static RoomDirectory roomDirectory(Stores stores) {
    return new ConsultationDirectory(stores.booking(), stores.secondOpinions(), stores.network());
  }

  @Override
  public Future<Void> start() {
    presence.onChange(new PresenceFollower(stores.booking(), stores.referrals(), stores.secondOpinions(), presence));
    // Every node pushes to the agendas it serves: a knock committed on another node reaches them too.
    presence.watch(agendaEvents);
    horizonTimer = vertx.setPeriodic(HORIZON_EVERY.toMillis(), id -> horizon.roll());
    return stores.start().compose(v -> contract.load(vertx, openApi())).compose(v -> loadDemo())
        .compose(v -> horizon.roll())
        .onSuccess(added -> LOG.info("slot horizon ready ({} new slots)", added)).mapEmpty();
  }

  private Future<Void> loadDemo() {
    if (!config.demo()) {
      return Future.succeededFuture();
    }
    return new DemoData(stores.network(), stores.schedules(), stores.booking(), stores.referrals(),
        stores.secondOpinions()).load(clock, ZONE, config.booking().slotHorizonDays())
        .onSuccess(loaded -> LOG.info(loaded ? "demo data loaded" : "demo data already present in the store"))
        .mapEmpty();
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
    int horizonDays = config.booking().slotHorizonDays();
    ApiRouter.mount(router, verifier, openApi(), contract,
        new DemoRoutes(config.demo(), issuer),
        new NetworkRoutes(stores.network()),
        new ScheduleRoutes(schedules, clock),
        new WaitingTimeRoutes(new WaitingTimes(stores.network(), stores.booking(), stores.referrals(), clock, ZONE)),
        new BookingRoutes(booking, stores.network(), config.publicUrl(), horizonDays, audit),
        new AgendaRoutes(new Agenda(stores.booking(), presence, ZONE), agendaEvents, booking, stores.network(),
            config.publicUrl(), horizonDays, audit),
        new ReferralRoutes(referrals, stores.network(), clock, audit),
        new SecondOpinionRoutes(secondOpinions, stores.network(), audit),
        new InviteRoutes(new Invites(stores.booking(), stores.secondOpinions(), minter), audit),
        new AccessLogRoutes(audit));
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

  /** UP while the store answers: with Redis, a PING (503 {@code store-unavailable} when it does not). */
  @Override
  public Future<Void> health() {
    return stores.ping();
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
