package io.konsil.signaling.switchboard;

import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Basis;
import io.konsil.common.audit.Door;
import io.konsil.common.config.KonsilConfig;
import io.konsil.signaling.audit.ConsultationEvent;
import io.konsil.common.error.KonsilException;
import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.common.room.RoomDetails;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.room.RoomName;
import io.konsil.common.token.Caller;
import io.konsil.signaling.call.CallRules;
import io.konsil.signaling.call.Joiner;
import io.konsil.signaling.call.Membership;
import io.konsil.signaling.ice.IceServers;
import io.konsil.signaling.media.MediaServer;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.network.NodeRegistry;
import io.konsil.signaling.presence.RoomPresence;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.resume.ResumeRules;
import io.konsil.signaling.room.Delivery;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.RoomBus;
import io.konsil.signaling.room.RoomEvent;
import io.konsil.signaling.room.RoomState;
import io.konsil.signaling.room.RoomStore;
import io.konsil.signaling.room.RuleContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of a node: connects the local sockets to the rooms' shared state. It keeps what only this node can keep
 * (its connections, a view of each room it has people in, timers) and runs every change as a rule over the room's
 * state ({@link Membership}, {@link CallRules}, {@link ResumeRules}) committed through the {@link RoomStore};
 * committed events come back through the {@link RoomBus}, and each node carries out the deliveries to its own
 * connections. The same code runs an embedded node (memory store) and a node of a network (Redis).
 *
 * <p>Relayed frames never change a room: they are checked against the view and go straight to the addressee's
 * socket when it is here, or through the bus to the node that holds it.
 */
public final class Switchboard implements Rooms {
  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  /** How long a connection of a user who already has a session in the room waits for a {@code resume} frame. */
  static final long RESUME_WAIT_MS = 1000;
  static final long SHUTDOWN_DRAIN_SECONDS = 5;
  /** Optimistic commits retried this often under contention before the change is given up. */
  static final int MAX_ATTEMPTS = 16;
  static final long SWEEP_EVERY_MS = 1000;
  static final int RESYNC_ATTEMPTS = 20;
  static final long RESYNC_RETRY_MS = 500;

  private final Vertx vertx;
  private final ContextHop hop;
  private final KonsilConfig.Signaling limits;
  private final IceServers ice;
  private final SignalingMetrics metrics;
  private final RoomStore store;
  private final RoomBus bus;
  private final NodeRegistry nodes;
  private final RoomDirectory directory;
  private final Clock clock;
  private final RoomPresence presence;
  private final MediaBridge media;
  private final AuditTrail audit;
  private final int meshMax;
  private final String connPrefix;
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Integer> connectionsPerToken = new HashMap<>();
  private final Map<String, LocalRoom> rooms = new HashMap<>();
  /** Rooms with connections of this node (the konsil_rooms gauge). */
  private int occupiedRooms;
  private long nextConn;
  private long sweepTimer = -1;
  private boolean shuttingDown;

  public Switchboard(Vertx vertx, Context fallback, KonsilConfig.Signaling limits, IceServers ice,
      SignalingMetrics metrics, RoomStore store, RoomBus bus, NodeRegistry nodes, RoomDirectory directory,
      RoomPresence presence, MediaServer mediaServer, int meshMax, Clock clock, AuditTrail audit) {
    this.vertx = vertx;
    this.audit = audit;
    this.hop = new ContextHop(fallback);
    this.limits = limits;
    this.ice = ice;
    this.metrics = metrics;
    this.store = store;
    this.bus = bus;
    this.nodes = nodes;
    this.directory = directory;
    this.clock = clock;
    this.connPrefix = nodes.instance() + "/";
    this.presence = presence;
    this.meshMax = meshMax;
    this.media = new MediaBridge(mediaServer, new MediaHost());
    bus.onGap(() -> hop.run(this::resyncAll));
  }

  /** Joins the network (heartbeat, watching the other nodes); a no-op for an embedded node. */
  public Future<Void> start() {
    return nodes.start(instance -> hop.run(() -> nodeLost(instance)), () -> hop.run(() -> {
      LOG.warn("this node was taken for dead by the network (its heartbeat lapsed): reclaiming its participants");
      resyncAll();
    }));
  }

  @Override
  public Presence presence() {
    return presence;
  }

  /** A room's state as stored (for presence reads), read on the switchboard's thread. */
  public Future<RoomState> load(String room) {
    return hop.compose(() -> store.load(RoomName.key(room)));
  }

  public NodeRegistry nodes() {
    return nodes;
  }

  // ---- handshake and connection lifecycle

  @Override
  public Future<Ticket> reserve(String room, Caller caller, String tokenKey, boolean camera, boolean microphone) {
    return hop.compose(() -> {
      if (shuttingDown) {
        throw new KonsilException(503, ErrorCodes.SHUTTING_DOWN, "The node is shutting down");
      }
      if (connectionsPerToken.getOrDefault(tokenKey, 0) >= limits.maxConnectionsPerToken()) {
        throw new KonsilException(429, ErrorCodes.TOO_MANY_CONNECTIONS,
            "This token already has " + limits.maxConnectionsPerToken() + " open connections");
      }
      startSweeping();
      LocalRoom r = roomFor(RoomName.key(room), room);
      r.busy++;
      // Always the stored state, not the view: a join needs the store, and refusing at the handshake (503) is what a
      // browser can learn from the preflight.
      return back(store.load(r.key)).eventually(() -> {
        r.busy--;
        return Future.succeededFuture();
      }).map(state -> {
        int occupancy = (state == null ? 0 : state.members().size()) + pending(r);
        // A user who already has a place may be reconnecting to resume it, which takes no new place.
        if (occupancy >= limits.maxParticipants() && (state == null || !state.hasUser(caller.id()))) {
          throw KonsilException.conflict(ErrorCodes.ROOM_FULL, "The room is full (" + limits.maxParticipants() + " participants)");
        }
        if (shuttingDown) {
          throw new KonsilException(503, ErrorCodes.SHUTTING_DOWN, "The node is shutting down");
        }
        boolean wouldWait = !caller.moderator() && (state == null || state.isVacant()
            || (state.lobbyEnabled() && !state.admitted().contains(caller.id())));
        Ticket ticket = new Ticket(connPrefix + (++nextConn), room, r.key, caller, tokenKey, wouldWait, camera,
            microphone);
        sessions.put(ticket.conn(), new Session(ticket));
        addConn(r, ticket.conn());
        connectionsPerToken.merge(tokenKey, 1, Integer::sum);
        return ticket;
      }).onFailure(err -> releaseIfIdle(r));
    });
  }

  @Override
  public void attach(Ticket ticket, Endpoint endpoint) {
    hop.run(() -> {
      Session s = sessions.get(ticket.conn());
      if (s == null || s.closed) {
        endpoint.close(CloseCodes.NORMAL, "ended");
        return;
      }
      s.endpoint = endpoint;
      s.early = new ArrayList<>();
      LocalRoom r = rooms.get(ticket.roomKey());
      if (shuttingDown || r == null) {
        endpoint.send(ServerFrames.ended(shuttingDown ? "node-shutdown" : "ended", null, false));
        endpoint.close(shuttingDown ? CloseCodes.GOING_AWAY : CloseCodes.NORMAL, "ended");
        return;
      }
      subscribed(r).compose(v -> current(r)).onComplete(ar -> {
        List<ClientMessage> early = s.early;
        s.early = null;
        if (s.closed) {
          return;
        }
        if (ar.failed()) {
          unavailable(s, null);
          return;
        }
        RoomState state = ar.result();
        if (state != null && state.hasUser(ticket.caller().id())) {
          s.awaitingResume = true;
          s.resumeTimer = vertx.setTimer(RESUME_WAIT_MS, t -> hop.run(() -> {
            s.resumeTimer = -1;
            if (s.awaitingResume && !s.closed) {
              s.awaitingResume = false;
              join(r, s);
            }
          }));
        } else {
          join(r, s);
        }
        // Frames sent before the decision (a resume right after connecting) are taken now, in order.
        early.forEach(m -> receive(ticket, m));
      });
    });
  }

  @Override
  public void release(Ticket ticket) {
    detached(ticket, false);
  }

  @Override
  public void detached(Ticket ticket, boolean resumable) {
    hop.run(() -> {
      Session s = sessions.remove(ticket.conn());
      if (s == null || s.closed) {
        return;
      }
      s.closed = true;
      connectionsPerToken.computeIfPresent(ticket.tokenKey(), (k, n) -> n <= 1 ? null : n - 1);
      if (s.resumeTimer >= 0) {
        vertx.cancelTimer(s.resumeTimer);
      }
      LocalRoom r = rooms.get(ticket.roomKey());
      if (r == null) {
        return;
      }
      removeConn(r, ticket.conn());
      if (!s.joining || shuttingDown) {
        releaseIfIdle(r);
        return;
      }
      long graceUntil = clock.millis() + Math.max(1, limits.resumeGrace().toMillis());
      String[] dropped = new String[1];
      mutate(r, d -> {
        Member m = d.memberOnConn(ticket.conn());
        dropped[0] = resumable && m != null ? m.id() : null;
        Membership.disconnected(d, ticket.conn(), resumable, graceUntil);
      }, e -> {
        if (dropped[0] != null) {
          r.droppedHere.add(dropped[0]);
          expireAt(r, graceUntil);
          gauges(r);
        }
      }).onFailure(err -> LOG.warn("could not record a disconnect (the node reconciles when the store is back): room={} {}",
          r.key, err.getMessage()));
    });
  }

  /** Connections past the handshake that have not joined yet hold a place against the participant cap. */
  private int pending(LocalRoom r) {
    int n = 0;
    for (String conn : r.conns) {
      Session s = sessions.get(conn);
      if (s != null && !s.joining) {
        n++;
      }
    }
    return n;
  }

  private void join(LocalRoom r, Session s) {
    s.joining = true;
    Ticket t = s.ticket;
    mutate(r, d -> Membership.join(d, new Joiner(t.conn(), t.caller(), t.camera(), t.microphone())))
        .onFailure(err -> unavailable(s, null));
  }

  // ---- frames

  @Override
  public void receive(Ticket ticket, ClientMessage m) {
    hop.run(() -> {
      Session s = sessions.get(ticket.conn());
      LocalRoom r = rooms.get(ticket.roomKey());
      if (s == null || s.closed || r == null) {
        return;
      }
      if (s.early != null) {
        s.early.add(m);
        return;
      }
      if (s.awaitingResume) {
        s.awaitingResume = false;
        vertx.cancelTimer(s.resumeTimer);
        s.resumeTimer = -1;
        if (m instanceof ClientMessage.Resume resume) {
          s.joining = true;
          Joiner j = new Joiner(ticket.conn(), ticket.caller(), ticket.camera(), ticket.microphone());
          mutate(r, d -> ResumeRules.resume(d, j, resume)).onFailure(err -> unavailable(s, resume.id()));
          return;
        }
        join(r, s);
      } else if (m instanceof ClientMessage.Resume) {
        fail(s, m, ErrorCodes.RESUME_INVALID, "There is no session of yours to resume; you joined as a new participant");
        return;
      }
      if (m instanceof ClientMessage.Ping) {
        s.send(ServerFrames.pong(m.id(), clock.millis()));
      } else if (isMedia(m)) {
        viaServer(r, s, m);
      } else if (m instanceof ClientMessage.Record rec && rec.on()) {
        startRecording(r, s, rec);
      } else if (m instanceof ClientMessage.Relay relay) {
        if (r.busy > 0 && r.byConn(ticket.conn()) == null) {
          // Still joining: relay once the join is through, in order.
          r.queue = r.queue.andThen(ar -> relay(r, s, relay));
        } else {
          relay(r, s, relay);
        }
      } else {
        mutate(r, d -> CallRules.handle(d, ticket.conn(), m)).onFailure(err -> unavailable(s, m.id()));
      }
    });
  }

  private void relay(LocalRoom r, Session s, ClientMessage.Relay relay) {
    if (s.closed) {
      return;
    }
    Member from = r.byConn(s.conn());
    if (from == null) {
      return;
    }
    if (!from.inCall()) {
      fail(s, relay, ErrorCodes.NOT_ADMITTED, "You are waiting in the lobby");
      return;
    }
    Member to = r.byId(relay.to());
    if (to == null || to == from) {
      fail(s, relay, ErrorCodes.PARTICIPANT_UNKNOWN, "No other participant with this id is in the room");
      return;
    }
    if (!to.inCall()) {
      fail(s, relay, ErrorCodes.PARTICIPANT_NOT_ADMITTED, "This participant is waiting in the lobby");
      return;
    }
    Session target = to.conn() == null ? null : sessions.get(to.conn());
    if (to.conn() == null || (target == null && to.conn().startsWith(connPrefix))) {
      fail(s, relay, ErrorCodes.PARTICIPANT_RECONNECTING,
          "This participant is reconnecting; send again after participant-updated");
      return;
    }
    // The sender is set here, never taken from the client.
    String frame = relay.frameFrom(from.id());
    if (target != null) {
      target.send(frame);
    } else {
      bus.relay(r.key, to.conn(), frame, err -> hop.run(() ->
          fail(s, relay, ErrorCodes.STORE_UNAVAILABLE, "The participant's node could not be reached; try again")));
    }
    metrics.relayed(relay.type());
    if (relay.id() != null) {
      s.send(ServerFrames.ack(relay.id(), relay.type()));
    }
  }

  private static boolean isMedia(ClientMessage m) {
    return m instanceof ClientMessage.SfuPublish || m instanceof ClientMessage.SfuSubscribe
        || m instanceof ClientMessage.SfuAnswer || m instanceof ClientMessage.SfuCandidate
        || m instanceof ClientMessage.SfuUnsubscribe || m instanceof ClientMessage.SfuLayer;
  }

  /** An {@code sfu-*} frame: only from someone in the call, and only once the call goes through the media server. */
  private void viaServer(LocalRoom r, Session s, ClientMessage m) {
    Member from = r.byConn(s.conn());
    if (from == null) {
      return;
    }
    if (!from.inCall()) {
      fail(s, m, ErrorCodes.NOT_ADMITTED, "You are waiting in the lobby");
    } else if (r.view == null || !r.view.viaServer() || !media.present()) {
      fail(s, m, ErrorCodes.NOT_VIA_SERVER, "This call's media is peer to peer; use offer/answer/candidate");
    } else {
      media.handle(r.key, from.id(), m, s);
    }
  }

  /**
   * {@code record on}: the rules check consent first; only then is the media server asked, and the recording shows in
   * the room once it runs — unless consent changed meanwhile, in which case it is stopped again.
   */
  private void startRecording(LocalRoom r, Session s, ClientMessage.Record rec) {
    boolean[] may = {false};
    String[] by = {null};
    mutate(r, d -> {
      Member p = d.memberOnConn(s.conn());
      if (p == null) {
        return;
      }
      if (!p.inCall()) {
        d.fail(s.conn(), rec, ErrorCodes.NOT_ADMITTED, "You are waiting in the lobby");
      } else if (!p.moderator()) {
        d.fail(s.conn(), rec, ErrorCodes.NOT_MODERATOR, "Only a moderator may record");
      } else {
        may[0] = io.konsil.signaling.call.Recordings.mayStart(d, p, rec);
        by[0] = p.id();
        if (!may[0] && d.recording() != null) {
          d.ack(s.conn(), rec);
        }
      }
    }).onSuccess(e -> {
      if (!may[0]) {
        return;
      }
      if (!media.present()) {
        fail(s, rec, ErrorCodes.RECORDING_NEEDS_SFU, "This node has no media server");
        return;
      }
      back(media.startRecording(r.key)).onFailure(err -> fail(s, rec, err instanceof KonsilException k ? k.code()
          : ErrorCodes.INTERNAL, err.getMessage())).onSuccess(where -> mutate(r, d -> {
            Member p = d.member(by[0]);
            if (p == null) {
              d.stopMedia();
            } else {
              io.konsil.signaling.call.Recordings.started(d, p, where.location(), rec);
            }
          }));
    }).onFailure(err -> unavailable(s, rec.id()));
  }

  private void fail(Session s, ClientMessage m, String code, String message) {
    metrics.error(code);
    s.send(ServerFrames.error(code, message, m == null ? null : m.id()));
  }

  /** The store did not answer: a frame had no effect (error), a join could not happen (error, close 1013). */
  private void unavailable(Session s, String id) {
    hop.run(() -> {
      if (s.closed) {
        return;
      }
      metrics.error(ErrorCodes.STORE_UNAVAILABLE);
      s.send(ServerFrames.error(ErrorCodes.STORE_UNAVAILABLE,
          "The network's shared store is not reachable right now; try again shortly", id));
      LocalRoom r = rooms.get(s.ticket.roomKey());
      if (r == null || r.byConn(s.conn()) == null) {
        s.endpoint.close(CloseCodes.TRY_AGAIN_LATER, ErrorCodes.STORE_UNAVAILABLE);
      }
    });
  }

  // ---- changing a room

  /**
   * Runs {@code rule} over the room's current state and commits the result, one change of this node at a time per
   * room. A commit that loses a race (another node changed the room) reloads and runs the rule again. Completes with
   * the committed event, or null when the rule changed nothing (its replies are then sent here at once).
   */
  private Future<RoomEvent> mutate(LocalRoom r, Consumer<Draft> rule) {
    return mutate(r, rule, e -> { });
  }

  /** {@code committed} runs once the change is stored, before the room can be let go (for timers and bookkeeping). */
  private Future<RoomEvent> mutate(LocalRoom r, Consumer<Draft> rule, Consumer<RoomEvent> committed) {
    r.busy++;
    Future<RoomEvent> result = r.queue.transform(ignored -> attempt(r, rule, 1)).andThen(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        committed.accept(ar.result());
      }
    });
    r.queue = result.transform(ar -> Future.succeededFuture());
    return result.andThen(ar -> hop.run(() -> {
      r.busy--;
      releaseIfIdle(r);
    }));
  }

  private Future<RoomEvent> attempt(LocalRoom r, Consumer<Draft> rule, int attempt) {
    boolean viewCurrent = r.view != null && r.view.version() >= r.committed;
    Future<RoomState> loaded = attempt == 1 && viewCurrent ? Future.succeededFuture(r.view) : back(store.load(r.key));
    return loaded.compose(state -> r.details.compose(details -> {
      RoomState base = state != null ? state : RoomState.vacant(r.key, r.name, 0, Set.of());
      Draft d = new Draft(base, new RuleContext(clock, limits, ice, details, meshMax, media.kind()));
      rule.accept(d);
      if (!d.changed()) {
        d.deliveries().forEach(this::deliverHere);
        d.errors().forEach(metrics::error);
        return Future.succeededFuture(null);
      }
      RoomEvent event = d.event();
      return back(store.commit(base.version(), event)).compose(committed -> {
        if (!committed) {
          if (attempt >= MAX_ATTEMPTS) {
            return Future.failedFuture(new KonsilException(503, ErrorCodes.STORE_UNAVAILABLE,
                "The room changed too often to apply this; try again"));
          }
          return attempt(r, rule, attempt + 1);
        }
        r.committed = Math.max(r.committed, event.state().version());
        committedHere(d, base, event);
        return Future.succeededFuture(event);
      });
    }));
  }

  /** What the node that made a change reports, once: presence, lobby waits, errors and relayed chat. */
  private void committedHere(Draft d, RoomState before, RoomEvent event) {
    d.errors().forEach(metrics::error);
    d.relayedTypes().forEach(metrics::relayed);
    d.lobbyWaits().forEach(w -> metrics.lobbyWait(w.waited(), w.outcome()));
    presence.changed(before, event.state());
    audit(event.state().key(), d.consultationEvents());
    if (d.stopsMedia() && media.present()) {
      media.stopRecording(event.state().key());
    }
  }

  /**
   * Writes the consultation events of a change this node committed (so each is written once in the network). The
   * change is already made and cannot wait for the trail; a trail that cannot be written is logged and counted
   * ({@code konsil_audit_failures_total}), never dropped silently.
   */
  private void audit(String roomKey, List<ConsultationEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<AuditEvent> entries = new ArrayList<>();
    for (ConsultationEvent e : events) {
      Basis basis = Basis.of(Basis.Kind.CONSULTATION, roomKey);
      List<String> patients = e.concerned();
      if (patients.isEmpty()) {
        entries.add(new AuditEvent(e.actor(), null, e.action(), basis, Door.SIGNALING, e.detail()));
      }
      patients.forEach(p -> entries.add(new AuditEvent(e.actor(), p, e.action(), basis, Door.SIGNALING, e.detail())));
    }
    audit.append(entries).onFailure(err -> {
      metrics.auditFailed(entries.size());
      LOG.error("audit trail not written: {} consultation event(s) of room={} lost ({})", entries.size(), roomKey,
          err.getMessage());
    });
  }

  /** An event of a room this node listens to (its own commits included), in commit order. */
  private void onEvent(LocalRoom r, RoomEvent e) {
    RoomState before = r.view;
    if (before != null && e.state().version() <= before.version()) {
      return;
    }
    boolean gap = before != null && e.state().version() > before.version() + 1;
    if (before != null && media.present() && before.viaServer()) {
      // Members this node carried who left, or are now carried by another node: their legs here are over.
      for (Member was : before.members()) {
        boolean ours = (was.conn() != null && was.conn().startsWith(connPrefix)) || r.droppedHere.contains(was.id());
        Member now = e.state().member(was.id());
        if (ours && (now == null || (now.conn() != null && !now.conn().startsWith(connPrefix)))) {
          media.left(r.key, was.id());
        }
      }
      if (e.state().isVacant()) {
        media.vacant(r.key);
      }
    }
    r.view(e.state());
    Map<String, String> orphaned = new HashMap<>();
    for (String conn : r.conns) {
      Member m = r.byConn(conn);
      Session s = sessions.get(conn);
      if (s == null) {
        continue;
      }
      if (m != null) {
        s.memberId = m.id();
      } else if (!shuttingDown && s.memberId != null && r.byId(s.memberId) != null && !r.byId(s.memberId).connected()) {
        // Marked reconnecting by another node while its connection is alive here: this node was taken for dead.
        // Not while shutting down: then this node handed its people over itself, and they resume elsewhere.
        orphaned.put(conn, s.memberId);
      }
    }
    e.deliveries().forEach(this::deliverHere);
    if (!orphaned.isEmpty()) {
      mutate(r, d -> orphaned.forEach((conn, id) -> ResumeRules.reclaim(d, conn, id)));
    }
    if (e.ended()) {
      String ended = ServerFrames.ended("ended", null, false);
      for (String conn : List.copyOf(r.conns)) {
        Session s = sessions.get(conn);
        if (s != null && r.byConn(conn) == null && s.endpoint != null && !s.closed) {
          s.send(ended);
          s.endpoint.close(CloseCodes.NORMAL, "ended");
        }
      }
    }
    gauges(r);
    if (gap) {
      LOG.info("missed events of room={} (version {} after {}): bringing its clients back in sync", r.key,
          e.state().version(), before.version());
      resync(r);
    }
  }

  private void deliverHere(Delivery d) {
    if (!d.conn().startsWith(connPrefix)) {
      return;
    }
    Session s = sessions.get(d.conn());
    if (s == null || s.closed || s.endpoint == null) {
      return;
    }
    if (d.frame() != null) {
      s.endpoint.send(d.frame());
    }
    if (d.close() != 0) {
      s.endpoint.close((short) d.close(), d.reason());
    }
  }

  // ---- rooms this node holds

  private LocalRoom roomFor(String key, String name) {
    LocalRoom r = rooms.get(key);
    if (r == null) {
      Future<RoomDetails> details = directory.details(name).otherwise((RoomDetails) null);
      r = new LocalRoom(key, name, back(details));
      rooms.put(key, r);
    }
    return r;
  }

  private void addConn(LocalRoom r, String conn) {
    if (r.conns.isEmpty()) {
      metrics.rooms(++occupiedRooms);
    }
    r.conns.add(conn);
  }

  private void removeConn(LocalRoom r, String conn) {
    if (r.conns.remove(conn) && r.conns.isEmpty()) {
      metrics.rooms(--occupiedRooms);
    }
  }

  /** The room as this node knows it (its view), else as stored. */
  private Future<RoomState> current(LocalRoom r) {
    return r.view != null ? Future.succeededFuture(r.view) : back(store.load(r.key));
  }

  /** Listens to the room's events before anyone of this node joins it, so no event of theirs is missed. */
  private Future<Void> subscribed(LocalRoom r) {
    if (r.subscribing == null) {
      LocalRoom room = r;
      r.subscribing = back(bus.subscribe(r.key, new RoomBus.Listener() {
        @Override
        public void event(RoomEvent event) {
          hop.run(() -> {
            if (rooms.get(room.key) == room) {
              onEvent(room, event);
            }
          });
        }

        @Override
        public void relay(String conn, String frame) {
          hop.run(() -> {
            Session s = sessions.get(conn);
            if (s != null) {
              s.send(frame);
            }
          });
        }
      })).compose(v -> back(nodes.holding(r.key, true)).otherwise((Void) null))
          .onSuccess(v -> room.subscribed = true)
          .onFailure(err -> room.subscribing = null);
    }
    return r.subscribing;
  }

  private void releaseIfIdle(LocalRoom r) {
    if (!r.idle() || rooms.get(r.key) != r) {
      return;
    }
    rooms.remove(r.key);
    r.view = null;
    gauges(r);
    if (r.subscribing != null) {
      bus.unsubscribe(r.key);
      nodes.holding(r.key, false);
    }
  }

  /** Checks for lapsed reconnecting members at {@code at} (epoch millis): they leave with reason timeout. */
  private void expireAt(LocalRoom r, long at) {
    r.timers++;
    vertx.setTimer(Math.max(1, at - clock.millis() + 5), t -> hop.run(() -> {
      r.timers--;
      mutate(r, Membership::expireLapsed);
    }));
  }

  private void startSweeping() {
    if (sweepTimer < 0) {
      // Members dropped by another node (or by a node that died) lapse here too, whoever notices first.
      sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, t -> hop.run(this::sweep));
    }
  }

  private void sweep() {
    long now = clock.millis();
    for (LocalRoom r : List.copyOf(rooms.values())) {
      RoomState v = r.view;
      if (v != null && r.busy == 0 && v.members().stream().anyMatch(m -> !m.connected() && m.graceUntil() <= now)) {
        mutate(r, Membership::expireLapsed);
      }
    }
  }

  // ---- the network

  /** Another node died: whoever was connected through it is reconnecting now, and can resume here or elsewhere. */
  private void nodeLost(String instance) {
    LOG.info("node {} lost: marking its participants reconnecting", instance);
    long graceUntil = clock.millis() + Math.max(1, limits.resumeGrace().toMillis());
    back(nodes.roomsOf(instance)).compose(keys -> {
      List<Future<RoomEvent>> all = new ArrayList<>();
      for (String key : keys) {
        LocalRoom r = roomFor(key, key);
        all.add(mutate(r, d -> Membership.nodeLost(d, instance, graceUntil), e -> expireAt(r, graceUntil)));
      }
      return Future.join(all);
    }).compose(v -> nodes.forget(instance))
        .onFailure(err -> LOG.warn("could not take over the rooms of node {}: {}", instance, err.getMessage()));
  }

  /**
   * The bus may have lost events (its Redis connection came back): every room this node holds is reconciled with the
   * store — members whose connection here is gone are marked reconnecting — and each local client gets a fresh
   * {@code welcome}/{@code lobby} (resumed) with the current state.
   */
  private void resyncAll() {
    for (LocalRoom r : List.copyOf(rooms.values())) {
      resync(r);
    }
  }

  private void resync(LocalRoom r) {
    resync(r, 1);
  }

  /** Resyncs, trying again while the store is still coming back (the bus often reconnects before commands work). */
  private void resync(LocalRoom r, int attempt) {
    if (shuttingDown) {
      return; // its people were handed over: nothing here to bring back in sync
    }
    long graceUntil = clock.millis() + Math.max(1, limits.resumeGrace().toMillis());
    Map<String, String> live = new HashMap<>();
    for (String conn : r.conns) {
      Session s = sessions.get(conn);
      if (s != null && s.joining && !s.closed) {
        live.put(conn, s.memberId);
      }
    }
    mutate(r, d -> {
      for (Member m : d.members()) {
        if (m.conn() != null && m.conn().startsWith(connPrefix) && !live.containsKey(m.conn())) {
          Membership.disconnected(d, m.conn(), true, graceUntil);
        }
      }
      for (Map.Entry<String, String> e : live.entrySet()) {
        if (e.getValue() != null) {
          ResumeRules.reclaim(d, e.getKey(), e.getValue());
        } else {
          ResumeRules.resync(d, e.getKey());
        }
      }
      Membership.expireLapsed(d);
    }).onFailure(err -> {
      if (attempt < RESYNC_ATTEMPTS && rooms.get(r.key) == r) {
        vertx.setTimer(RESYNC_RETRY_MS, t -> hop.run(() -> resync(r, attempt + 1)));
      } else {
        LOG.warn("resync of room={} failed: {}", r.key, err.getMessage());
      }
    });
  }

  // ---- gauges

  /** Keeps this node's participant gauges in step with its view of {@code r}: its own people, and those who dropped here. */
  private void gauges(LocalRoom r) {
    Map<PresenceState, Integer> now = new EnumMap<>(PresenceState.class);
    if (r.view != null && rooms.get(r.key) == r) {
      for (Member m : r.view.members()) {
        if (m.conn() != null && sessions.containsKey(m.conn())) {
          now.merge(m.presence(), 1, Integer::sum);
        } else if (!m.connected() && r.droppedHere.contains(m.id())) {
          now.merge(PresenceState.RECONNECTING, 1, Integer::sum);
        }
      }
    }
    for (PresenceState s : List.of(PresenceState.IN_CALL, PresenceState.IN_LOBBY, PresenceState.RECONNECTING)) {
      int delta = now.getOrDefault(s, 0) - r.counted.getOrDefault(s, 0);
      if (delta != 0) {
        metrics.participants(s.wire(), delta);
      }
    }
    r.counted.clear();
    r.counted.putAll(now);
  }

  // ---- shutdown

  @Override
  public Future<Void> shutdown() {
    return hop.compose(() -> {
      shuttingDown = true;
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
      }
      LOG.info("signaling shutting down: rooms={} connections={}", rooms.size(), sessions.size());
      return othersAlive().compose(handOver -> {
        String instance = nodes.instance();
        long graceUntil = clock.millis() + Math.max(1, limits.resumeGrace().toMillis());
        List<Future<RoomEvent>> leaving = new ArrayList<>();
        for (LocalRoom r : List.copyOf(rooms.values())) {
          // With other nodes up the consultation goes on: this node's people are reconnecting and resume on another
          // node without a break in their (peer-to-peer) media. Alone, nobody could host them: they leave.
          leaving.add(mutate(r, d -> {
            if (handOver) {
              Membership.nodeLost(d, instance, graceUntil);
            } else {
              Membership.nodeLeaving(d, instance);
            }
          }));
        }
        return Future.join(leaving).timeout(2, TimeUnit.SECONDS).transform(ar -> Future.succeededFuture(handOver));
      });
    }).compose(handOver -> hop.call(() -> {
      String ended = ServerFrames.ended("node-shutdown", null, handOver);
      List<Future<Void>> closing = new ArrayList<>();
      for (Session s : List.copyOf(sessions.values())) {
        if (s.endpoint != null && !s.closed) {
          s.endpoint.send(ended);
          closing.add(s.endpoint.close(CloseCodes.GOING_AWAY, "node-shutdown"));
        }
      }
      return closing;
    })).compose(closing -> Future.join(closing)
        // A client that never answers the close handshake must not hold up the node's exit.
        .timeout(SHUTDOWN_DRAIN_SECONDS, TimeUnit.SECONDS)
        .transform(ar -> Future.<Void>succeededFuture()))
        .compose(v -> nodes.stop().otherwise((Void) null));
  }

  /** The switchboard as the media bridge sees it. */
  private final class MediaHost implements MediaBridge.Host {
    @Override
    public void toMember(String roomKey, String memberId, String frame) {
      LocalRoom r = rooms.get(roomKey);
      Member m = r == null ? null : r.byId(memberId);
      Session s = m == null || m.conn() == null ? null : sessions.get(m.conn());
      if (s != null) {
        s.send(frame);
      }
    }

    @Override
    public void publishing(String roomKey, String memberId, boolean publishes) {
      LocalRoom r = rooms.get(roomKey);
      if (r == null) {
        return;
      }
      mutate(r, d -> {
        Member m = d.member(memberId);
        if (m != null && m.feed() != publishes) {
          Member updated = m.publishing(publishes);
          d.put(updated);
          if (updated.inCall()) {
            d.broadcast(ServerFrames.participantUpdated(updated), updated.id());
          }
        }
      });
    }

    @Override
    public void mediaLost(String roomKey, String reason) {
      LocalRoom r = rooms.get(roomKey);
      if (r == null || r.view == null) {
        return;
      }
      List<String> ours = new ArrayList<>();
      for (Member m : r.view.members()) {
        if (m.conn() != null && sessions.containsKey(m.conn())) {
          ours.add(m.id());
          sessions.get(m.conn()).send(ServerFrames.sfuRestart(reason));
        }
      }
      mutate(r, d -> {
        for (String id : ours) {
          Member m = d.member(id);
          if (m != null && m.feed()) {
            d.put(m.publishing(false));
            d.broadcast(ServerFrames.participantUpdated(d.member(id)), id);
          }
        }
      });
    }
  }

  /** Whether another node of the network is up to take this node's people over. */
  private Future<Boolean> othersAlive() {
    if (!nodes.shared()) {
      return Future.succeededFuture(false);
    }
    return back(nodes.nodes()).map(list -> list.stream().anyMatch(n -> !n.instance().equals(nodes.instance())))
        .otherwise(false);
  }

  /** {@code future}, with its callbacks on the switchboard's thread. */
  private <T> Future<T> back(Future<T> future) {
    if (future.isComplete() && hop.onThread()) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> hop.run(() -> promise.handle(ar)));
    return promise.future();
  }
}
