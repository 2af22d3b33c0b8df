package io.konsil.signaling.room;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.common.room.RoomDetails;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.token.Caller;
import io.konsil.signaling.ice.IceServers;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.presence.RoomPresence;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one node, in memory. Every piece of room state is touched on one event-loop thread only: calls from
 * other threads hop onto the rooms' context, so there are no locks and no races between a message, a close and a
 * timer. Nothing here knows about WebSockets; clients are {@link Endpoint}s.
 *
 * <p>The rooms' context is adopted from the first caller that runs on an event loop — normally the first signaling
 * handshake, i.e. the HTTP server's event loop — so that with one server instance frames are routed without any
 * thread hop, like a bare forwarder. Work arriving on that same thread (from any context) runs inline.
 */
public final class LocalRooms implements Rooms {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRooms.class);
  /** How long a connection of a user who already has a session in the room waits for a {@code resume} frame. */
  static final long RESUME_WAIT_MS = 1000;
  static final long SHUTDOWN_DRAIN_SECONDS = 5;

  private final Vertx vertx;
  /** Used when the first caller is not on an event loop (e.g. a presence query from the launcher's thread). */
  private final Context fallback;
  private volatile Context context;
  private volatile Thread thread;
  private final KonsilConfig.Signaling limits;
  private final IceServers ice;
  private final SignalingMetrics metrics;
  private final RoomPresence presence;
  private final RoomDirectory directory;
  private final Map<String, Consultation> rooms = new HashMap<>();
  private final Map<String, Integer> connectionsPerToken = new HashMap<>();
  private final Set<Link> links = new HashSet<>();
  private final SecureRandom random = new SecureRandom();
  private boolean shuttingDown;

  public LocalRooms(Vertx vertx, Context context, KonsilConfig.Signaling limits, IceServers ice, SignalingMetrics metrics) {
    this(vertx, context, limits, ice, metrics, RoomDirectory.none());
  }

  public LocalRooms(Vertx vertx, Context context, KonsilConfig.Signaling limits, IceServers ice, SignalingMetrics metrics,
                    RoomDirectory directory) {
    this.vertx = vertx;
    this.directory = directory;
    this.fallback = context;
    this.limits = limits;
    this.ice = ice;
    this.metrics = metrics;
    this.presence = new RoomPresence(this::run);
  }

  @Override
  public Presence presence() {
    return presence;
  }

  // ---- hopping onto the rooms' context

  private void run(Runnable work) {
    if (Thread.currentThread() == thread) {
      guarded(work);
    } else {
      context().runOnContext(v -> {
        thread = Thread.currentThread();
        guarded(work);
      });
    }
  }

  private Context context() {
    Context c = context;
    if (c != null) {
      return c;
    }
    Context current = Vertx.currentContext();
    Context candidate = current != null && current.isEventLoopContext() ? current : fallback;
    synchronized (this) {
      if (context == null) {
        context = candidate;
      }
      return context;
    }
  }

  private static void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("room logic failed", e);
    }
  }

  private <T> Future<T> call(Callable<T> work) {
    Promise<T> promise = Promise.promise();
    run(() -> {
      try {
        promise.complete(work.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  // ---- handshake and connection lifecycle

  @Override
  public Future<Link> reserve(String room, Caller caller, String tokenKey, Devices devices) {
    // Who and when, for the waiting room. Best effort: an ad hoc room has no details and a failing directory must not
    // keep anybody out of a call.
    Future<RoomDetails> looked;
    try {
      looked = directory.details(room);
    } catch (RuntimeException e) {
      looked = Future.failedFuture(e);
    }
    return looked.otherwise(e -> {
      LOG.debug("room details unavailable: {}", e.getMessage());
      return null;
    }).compose(details -> reserve(room, caller, tokenKey, devices, details));
  }

  private Future<Link> reserve(String room, Caller caller, String tokenKey, Devices devices, RoomDetails details) {
    return call(() -> {
      if (shuttingDown) {
        throw new KonsilException(503, ErrorCodes.SHUTTING_DOWN, "The node is shutting down");
      }
      if (connectionsPerToken.getOrDefault(tokenKey, 0) >= limits.maxConnectionsPerToken()) {
        throw new KonsilException(429, ErrorCodes.TOO_MANY_CONNECTIONS,
            "This token already has " + limits.maxConnectionsPerToken() + " open connections");
      }
      String key = room.toLowerCase(Locale.ROOT);
      Consultation c = rooms.get(key);
      // A user who already has a place may be reconnecting to resume it, which takes no new place.
      if (c != null && c.occupancy() >= limits.maxParticipants() && !c.hasUser(caller.id())) {
        throw KonsilException.conflict(ErrorCodes.ROOM_FULL, "The room is full (" + limits.maxParticipants() + " participants)");
      }
      if (c == null) {
        c = new Consultation(key, room);
        rooms.put(key, c);
        metrics.rooms(rooms.size());
      }
      if (details != null) {
        c.details = details;
      }
      boolean wouldWait = !caller.moderator() && c.lobby.enabled() && !c.admittedUsers.contains(caller.id());
      Link link = new Link(room, key, caller, tokenKey, wouldWait, devices);
      connectionsPerToken.merge(tokenKey, 1, Integer::sum);
      c.pending.add(link);
      links.add(link);
      return link;
    });
  }

  @Override
  public void attach(Link link, Endpoint endpoint) {
    run(() -> {
      link.endpoint = endpoint;
      if (link.closed) {
        return;
      }
      Consultation c = rooms.get(link.roomKey);
      if (shuttingDown || c == null) {
        endpoint.send(ServerFrames.ended(shuttingDown ? "node-shutdown" : "ended", null));
        endpoint.close(shuttingDown ? CloseCodes.GOING_AWAY : CloseCodes.NORMAL, "ended");
        return;
      }
      if (c.hasUser(link.caller.id())) {
        link.awaitingResume = true;
        link.resumeWaitTimer = vertx.setTimer(RESUME_WAIT_MS, t -> run(() -> {
          link.resumeWaitTimer = -1;
          if (link.awaitingResume && !link.closed) {
            link.awaitingResume = false;
            joinFresh(link);
          }
        }));
      } else {
        joinFresh(link);
      }
    });
  }

  @Override
  public void release(Link link) {
    detached(link, false);
  }

  @Override
  public void detached(Link link, boolean resumable) {
    run(() -> {
      if (link.closed) {
        return;
      }
      link.closed = true;
      links.remove(link);
      connectionsPerToken.computeIfPresent(link.tokenKey, (k, n) -> n <= 1 ? null : n - 1);
      if (link.resumeWaitTimer >= 0) {
        vertx.cancelTimer(link.resumeWaitTimer);
      }
      Consultation c = rooms.get(link.roomKey);
      if (c == null) {
        return;
      }
      c.pending.remove(link);
      Participant p = link.participant;
      link.participant = null;
      if (p == null || p.link != link) {
        removeIfEmpty(c);
        return;
      }
      if (!resumable) {
        removeParticipant(c, p, "left");
        return;
      }
      change(c, p, () -> {
        p.connected = false;
        p.link = null;
      });
      if (p.inCall()) {
        c.broadcast(updated(p), p);
      }
      p.graceTimer = vertx.setTimer(Math.max(1, limits.resumeGrace().toMillis()), t -> run(() -> {
        p.graceTimer = -1;
        if (!p.connected && c.participants.get(p.id) == p) {
          removeParticipant(c, p, "timeout");
        }
      }));
    });
  }

  // ---- messages

  @Override
  public void receive(Link link, ClientMessage m) {
    run(() -> {
      if (link.closed) {
        return;
      }
      if (link.awaitingResume) {
        link.awaitingResume = false;
        vertx.cancelTimer(link.resumeWaitTimer);
        link.resumeWaitTimer = -1;
        if (m instanceof ClientMessage.Resume r) {
          resume(link, r);
          return;
        }
        joinFresh(link);
      } else if (m instanceof ClientMessage.Resume) {
        fail(link, m, ErrorCodes.RESUME_INVALID, "There is no session of yours to resume; you joined as a new participant");
        return;
      }
      Participant p = link.participant;
      Consultation c = rooms.get(link.roomKey);
      if (p == null || c == null) {
        return;
      }
      handle(c, p, m);
    });
  }

  private void handle(Consultation c, Participant p, ClientMessage m) {
    if (m instanceof ClientMessage.Ping) {
      p.send(ServerFrames.pong(m.id()));
    } else if (m instanceof ClientMessage.Join) {
      ack(p, m);
    } else if (m instanceof ClientMessage.Leave) {
      ack(p, m);
      Link link = p.link;
      removeParticipant(c, p, "left");
      if (link != null && link.endpoint != null) {
        link.endpoint.close(CloseCodes.NORMAL, "left");
      }
    } else if (!p.inCall()) {
      fail(p, m, ErrorCodes.NOT_ADMITTED, "You are waiting in the lobby");
    } else if (m instanceof ClientMessage.Relay r) {
      relay(c, p, r);
    } else if (m instanceof ClientMessage.Chat chat) {
      chat(c, p, chat);
    } else if (m instanceof ClientMessage.Update u) {
      update(c, p, u);
    } else if (!p.moderator()) {
      fail(p, m, ErrorCodes.NOT_MODERATOR, "Only a moderator may " + m.type());
    } else if (m instanceof ClientMessage.Admit a) {
      admit(c, p, a);
    } else if (m instanceof ClientMessage.Deny d) {
      deny(c, p, d);
    } else if (m instanceof ClientMessage.Kick k) {
      kick(c, p, k);
    } else if (m instanceof ClientMessage.LobbyToggle t) {
      toggleLobby(c, p, t);
    } else if (m instanceof ClientMessage.LobbyMessage lm) {
      lobbyMessage(c, p, lm);
    } else if (m instanceof ClientMessage.End) {
      LOG.info("room ended by moderator: room={} participants={}", c.key, c.participants.size());
      end(c, "ended-by-moderator", p.id, CloseCodes.NORMAL);
    } else {
      fail(p, m, ErrorCodes.UNKNOWN_TYPE, "Unknown frame type");
    }
  }

  private void relay(Consultation c, Participant from, ClientMessage.Relay r) {
    Participant to = c.participants.get(r.to());
    if (to == null || to == from) {
      fail(from, r, ErrorCodes.PARTICIPANT_UNKNOWN, "No other participant with this id is in the room");
      return;
    }
    if (!to.inCall()) {
      fail(from, r, ErrorCodes.PARTICIPANT_NOT_ADMITTED, "This participant is waiting in the lobby");
      return;
    }
    if (!to.reachable()) {
      fail(from, r, ErrorCodes.PARTICIPANT_RECONNECTING, "This participant is reconnecting; send again after participant-updated");
      return;
    }
    // The sender is set here, never taken from the client.
    to.send(r.body().put("from", from.id));
    metrics.relayed(r.type());
    ack(from, r);
  }

  private void chat(Consultation c, Participant from, ClientMessage.Chat m) {
    JsonObject frame = new JsonObject()
        .put("type", "chat")
        .put("from", from.id)
        .put("name", from.displayName)
        .put("text", m.text())
        .put("ts", System.currentTimeMillis());
    c.addChat(frame, limits.chatHistory());
    c.broadcast(frame, null);
    metrics.relayed("chat");
    ack(from, m);
  }

  private void update(Consultation c, Participant p, ClientMessage.Update u) {
    if (u.audioMuted() != null) {
      p.audioMuted = u.audioMuted();
    }
    if (u.videoMuted() != null) {
      p.videoMuted = u.videoMuted();
    }
    if (u.screenSharing() != null) {
      p.screenSharing = u.screenSharing();
    }
    if (u.displayName() != null) {
      p.displayName = u.displayName();
    }
    c.broadcast(updated(p), p);
    ack(p, u);
  }

  private void admit(Consultation c, Participant moderator, ClientMessage.Admit a) {
    Participant target = waiting(c, moderator, a, a.participantId());
    if (target == null) {
      return;
    }
    leaveLobby(c, target, "admitted", moderator.id);
    enterCall(c, target, false);
    ack(moderator, a);
  }

  private void deny(Consultation c, Participant moderator, ClientMessage.Deny d) {
    Participant target = waiting(c, moderator, d, d.participantId());
    if (target == null) {
      return;
    }
    target.send(new JsonObject().put("type", "denied").put("by", moderator.id));
    leaveLobby(c, target, "denied", moderator.id);
    Link link = target.link;
    removeParticipant(c, target, "denied");
    if (link != null && link.endpoint != null) {
      link.endpoint.close(CloseCodes.DENIED, "denied");
    }
    ack(moderator, d);
  }

  private Participant waiting(Consultation c, Participant moderator, ClientMessage m, String participantId) {
    Participant target = c.participants.get(participantId);
    if (target == null || target.inCall()) {
      fail(moderator, m, ErrorCodes.PARTICIPANT_UNKNOWN, "Nobody with this id is waiting in the lobby");
      return null;
    }
    return target;
  }

  private void kick(Consultation c, Participant moderator, ClientMessage.Kick k) {
    Participant target = c.participants.get(k.participantId());
    if (target == null || target == moderator) {
      fail(moderator, k, ErrorCodes.PARTICIPANT_UNKNOWN, "No other participant with this id is in the room");
      return;
    }
    LOG.info("participant kicked: room={} participant={} by={}", c.key, target.id, moderator.id);
    target.send(new JsonObject().put("type", "kicked").put("by", moderator.id));
    // A kicked user goes through the lobby again if they come back.
    c.admittedUsers.remove(target.userId());
    Link link = target.link;
    removeParticipant(c, target, "kicked");
    if (link != null && link.endpoint != null) {
      link.endpoint.close(CloseCodes.KICKED, "kicked");
    }
    ack(moderator, k);
  }

  private void toggleLobby(Consultation c, Participant moderator, ClientMessage.LobbyToggle t) {
    c.lobby.enabled(t.enabled());
    c.broadcast(new JsonObject().put("type", "room-updated")
        .put("lobby", new JsonObject().put("enabled", t.enabled())).put("by", moderator.id), null);
    if (!t.enabled()) {
      for (String id : c.lobby.queue()) {
        Participant p = c.participants.get(id);
        if (p != null) {
          leaveLobby(c, p, "admitted", moderator.id);
          enterCall(c, p, false);
        }
      }
    }
    ack(moderator, t);
  }

  private void lobbyMessage(Consultation c, Participant moderator, ClientMessage.LobbyMessage m) {
    c.lobbyMessage = new JsonObject().put("text", m.text()).put("from", moderator.displayName)
        .put("ts", System.currentTimeMillis());
    c.toLobby(c.lobbyMessage.copy().put("type", "lobby-message"));
    ack(moderator, m);
  }

  /** Ends the room for everyone in it (call, lobby, not yet joined). */
  private void end(Consultation c, String reason, String by, short closeCode) {
    JsonObject ended = ServerFrames.ended(reason, by);
    List<Endpoint> toClose = new ArrayList<>();
    for (Participant p : new ArrayList<>(c.participants.values())) {
      p.send(ended);
      if (p.reachable()) {
        toClose.add(p.link.endpoint);
        p.link.participant = null;
      }
      if (p.graceTimer >= 0) {
        vertx.cancelTimer(p.graceTimer);
      }
      if (!p.inCall()) {
        metrics.lobbyWait(Duration.ofNanos(System.nanoTime() - p.lobbySinceNanos), "ended");
      }
      change(c, p, () -> c.participants.remove(p.id));
    }
    for (Link link : c.pending) {
      if (link.endpoint != null) {
        link.endpoint.send(ended);
        toClose.add(link.endpoint);
      }
    }
    c.pending.clear();
    rooms.remove(c.key);
    metrics.rooms(rooms.size());
    toClose.forEach(e -> e.close(closeCode, reason));
  }

  // ---- joining, lobby and resume

  private void joinFresh(Link link) {
    Consultation c = rooms.get(link.roomKey);
    if (c == null) {
      return;
    }
    c.pending.remove(link);
    if (c.participants.size() >= limits.maxParticipants()) {
      link.endpoint.send(ServerFrames.error(ErrorCodes.ROOM_FULL, "The room is full", null));
      metrics.error(ErrorCodes.ROOM_FULL);
      link.endpoint.close(CloseCodes.ROOM_FULL, "room-full");
      removeIfEmpty(c);
      return;
    }
    // The same user starting afresh replaces a session of theirs that dropped, instead of leaving a ghost.
    for (Participant old : new ArrayList<>(c.participants.values())) {
      if (old.userId().equals(link.caller.id()) && !old.connected) {
        removeParticipant(c, old, "replaced");
      }
    }
    Participant p = new Participant(newId(), link.caller, secret());
    p.devices = link.devices;
    c.byResumeToken.put(p.resumeToken, p);
    link.participant = p;
    p.link = link;
    boolean direct = p.moderator() || !c.lobby.enabled() || c.admittedUsers.contains(p.userId());
    if (direct) {
      change(c, p, () -> c.participants.put(p.id, p));
      enterCall(c, p, false);
    } else {
      change(c, p, () -> {
        c.participants.put(p.id, p);
        c.lobby.enter(p.id);
      });
      p.lobbySinceNanos = System.nanoTime();
      p.send(lobbyFrame(c, p, false));
      c.toModerators(new JsonObject().put("type", "knocking")
          .put("participant", p.toKnockJson()).put("position", c.lobby.position(p.id)));
    }
  }

  private void enterCall(Consultation c, Participant p, boolean resumed) {
    change(c, p, () -> p.phase = Participant.Phase.CALL);
    c.admittedUsers.add(p.userId());
    p.send(welcome(c, p, resumed));
    c.broadcast(new JsonObject().put("type", "participant-joined").put("participant", p.toJson()), p);
  }

  private void leaveLobby(Consultation c, Participant p, String outcome, String by) {
    if (!c.lobby.leave(p.id)) {
      return;
    }
    metrics.lobbyWait(Duration.ofNanos(System.nanoTime() - p.lobbySinceNanos), outcome);
    JsonObject ended = new JsonObject().put("type", "knock-ended").put("participantId", p.id).put("outcome", outcome);
    if (by != null) {
      ended.put("by", by);
    }
    c.toModerators(ended);
    for (String id : c.lobby.queue()) {
      Participant waiting = c.participants.get(id);
      if (waiting != null) {
        JsonObject update = new JsonObject().put("type", "lobby").put("participantId", id).put("position", c.lobby.position(id));
        if (c.lobbyMessage != null) {
          update.put("message", c.lobbyMessage.copy());
        }
        waiting.send(update);
      }
    }
  }

  private void resume(Link link, ClientMessage.Resume r) {
    Consultation c = rooms.get(link.roomKey);
    Participant p = c == null ? null : c.byResumeToken.get(r.resumeToken());
    if (p == null || !p.userId().equals(link.caller.id())) {
      fail(link, r, ErrorCodes.RESUME_INVALID, "Unknown or expired resume token; joining as a new participant");
      joinFresh(link);
      return;
    }
    c.pending.remove(link);
    Link old = p.link;
    if (old != null && old != link) {
      // The old connection is still open as far as we know (half-open TCP): this one takes over.
      old.participant = null;
      if (old.endpoint != null) {
        old.endpoint.close(CloseCodes.REPLACED, "replaced");
      }
    }
    if (p.graceTimer >= 0) {
      vertx.cancelTimer(p.graceTimer);
      p.graceTimer = -1;
    }
    c.byResumeToken.remove(p.resumeToken);
    p.resumeToken = secret();
    c.byResumeToken.put(p.resumeToken, p);
    boolean wasReconnecting = !p.connected;
    // The devices may have changed with the new connection (a camera allowed meanwhile).
    boolean devicesChanged = !p.devices.equals(link.devices);
    p.devices = link.devices;
    change(c, p, () -> {
      p.connected = true;
      p.link = link;
    });
    link.participant = p;
    if (p.inCall()) {
      p.send(welcome(c, p, true));
      if (wasReconnecting || devicesChanged) {
        c.broadcast(updated(p), p);
      }
    } else {
      p.send(lobbyFrame(c, p, true));
    }
  }

  private void removeParticipant(Consultation c, Participant p, String reason) {
    if (c.participants.get(p.id) != p) {
      return;
    }
    if (p.graceTimer >= 0) {
      vertx.cancelTimer(p.graceTimer);
      p.graceTimer = -1;
    }
    boolean wasInCall = p.inCall();
    if (!wasInCall) {
      leaveLobby(c, p, "denied".equals(reason) ? "denied" : "left", null);
    }
    change(c, p, () -> c.participants.remove(p.id));
    c.byResumeToken.remove(p.resumeToken);
    if (p.link != null) {
      p.link.participant = null;
      p.link = null;
    }
    if (wasInCall) {
      c.broadcast(new JsonObject().put("type", "participant-left").put("participantId", p.id).put("reason", reason), p);
    }
    removeIfEmpty(c);
  }

  private void removeIfEmpty(Consultation c) {
    if (c.empty() && rooms.get(c.key) == c) {
      rooms.remove(c.key);
      metrics.rooms(rooms.size());
    }
  }

  /**
   * Applies a change to a participant's phase, connection or membership, and keeps the gauges and presence in step
   * with it: the one place where a participant's observable state changes.
   */
  private void change(Consultation c, Participant p, Runnable mutation) {
    boolean wasMember = c.participants.get(p.id) == p;
    PresenceState before = wasMember ? p.presence() : null;
    mutation.run();
    boolean isMember = c.participants.get(p.id) == p;
    PresenceState after = isMember ? p.presence() : null;
    if (before == after) {
      return;
    }
    if (before != null) {
      metrics.participants(before.wire(), -1);
    }
    if (after != null) {
      metrics.participants(after.wire(), 1);
    }
    presence.set(c.key, p.userId(), userPresence(c, p.userId()));
  }

  /** A user with several sessions in a room shows their most present one. */
  private static PresenceState userPresence(Consultation c, String userId) {
    PresenceState best = PresenceState.LEFT;
    for (Participant p : c.participants.values()) {
      if (p.userId().equals(userId)) {
        PresenceState s = p.presence();
        if (rank(s) > rank(best)) {
          best = s;
        }
      }
    }
    return best;
  }

  private static int rank(PresenceState s) {
    switch (s) {
      case IN_CALL:
        return 4;
      case IN_LOBBY:
        return 3;
      case RECONNECTING:
        return 2;
      default:
        return 1;
    }
  }

  // ---- frames

  private JsonObject welcome(Consultation c, Participant p, boolean resumed) {
    JsonObject lobby = new JsonObject().put("enabled", c.lobby.enabled());
    if (p.moderator()) {
      lobby.put("waiting", c.waiting());
    }
    return new JsonObject()
        .put("type", "welcome")
        .put("participantId", p.id)
        .put("room", c.name)
        .put("name", p.displayName)
        .put("role", p.caller.role().wire())
        .put("moderator", p.moderator())
        .put("participants", c.othersInCall(p))
        .put("iceServers", ice.forUser(p.userId()))
        .put("resumeToken", p.resumeToken)
        .put("resumed", resumed)
        .put("lobby", lobby)
        .put("chat", c.chatHistory())
        .put("limits", new JsonObject()
            .put("maxFrameBytes", limits.maxFrameBytes())
            .put("maxChatChars", io.konsil.signaling.protocol.ClientFrames.MAX_CHAT_CHARS)
            .put("messagesPerSecond", limits.messagesPerSecond())
            .put("messageBurst", limits.messageBurst())
            .put("maxParticipants", limits.maxParticipants()))
        .put("heartbeat", new JsonObject()
            .put("idleTimeoutMs", limits.idleTimeout().toMillis())
            .put("intervalMs", Math.max(1, limits.idleTimeout().toMillis() / 3))
            .put("resumeGraceMs", limits.resumeGrace().toMillis()));
  }

  private JsonObject lobbyFrame(Consultation c, Participant p, boolean resumed) {
    JsonObject frame = new JsonObject()
        .put("type", "lobby")
        .put("participantId", p.id)
        .put("room", c.name)
        .put("position", c.lobby.position(p.id))
        .put("resumeToken", p.resumeToken)
        .put("resumed", resumed)
        .put("heartbeat", new JsonObject()
            .put("idleTimeoutMs", limits.idleTimeout().toMillis())
            .put("intervalMs", Math.max(1, limits.idleTimeout().toMillis() / 3))
            .put("resumeGraceMs", limits.resumeGrace().toMillis()));
    if (c.details != null) {
      frame.put("consultation", consultation(c.details));
    }
    if (c.lobbyMessage != null) {
      frame.put("message", c.lobbyMessage.copy());
    }
    return frame;
  }

  /** What a waiting patient may know: who and when, never the reason for the visit. */
  private static JsonObject consultation(RoomDetails d) {
    return new JsonObject()
        .put("clinicianName", d.clinicianName())
        .put("hospitalName", d.hospitalName())
        .put("start", d.start() == null ? null : d.start().toString())
        .put("end", d.end() == null ? null : d.end().toString())
        .put("kind", d.kind());
  }

  private static JsonObject updated(Participant p) {
    return new JsonObject().put("type", "participant-updated").put("participantId", p.id).put("participant", p.toJson());
  }

  private void ack(Participant p, ClientMessage m) {
    if (m.id() != null) {
      p.send(ServerFrames.ack(m.id(), m.type()));
    }
  }

  private void fail(Participant p, ClientMessage m, String code, String message) {
    metrics.error(code);
    p.send(ServerFrames.error(code, message, m.id()));
  }

  private void fail(Link link, ClientMessage m, String code, String message) {
    metrics.error(code);
    if (link.endpoint != null) {
      link.endpoint.send(ServerFrames.error(code, message, m.id()));
    }
  }

  private String newId() {
    byte[] b = new byte[9];
    random.nextBytes(b);
    return "p-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** 256 random bits: unguessable, and only valid together with a token of the same user for the same room. */
  private String secret() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  // ---- shutdown

  @Override
  public Future<Void> shutdown() {
    return call(() -> {
      shuttingDown = true;
      LOG.info("signaling shutting down: rooms={} connections={}", rooms.size(), links.size());
      List<Future<Void>> closing = new ArrayList<>();
      List<Endpoint> endpoints = new ArrayList<>();
      for (Link link : links) {
        if (link.endpoint != null) {
          endpoints.add(link.endpoint);
        }
      }
      for (Consultation c : new ArrayList<>(rooms.values())) {
        for (Participant p : new ArrayList<>(c.participants.values())) {
          if (p.graceTimer >= 0) {
            vertx.cancelTimer(p.graceTimer);
          }
          if (p.link != null) {
            p.link.participant = null;
          }
          change(c, p, () -> c.participants.remove(p.id));
        }
      }
      rooms.clear();
      metrics.rooms(0);
      JsonObject ended = ServerFrames.ended("node-shutdown", null);
      for (Endpoint e : endpoints) {
        e.send(ended);
        closing.add(e.close(CloseCodes.GOING_AWAY, "node-shutdown"));
      }
      return closing;
    }).compose(closing -> Future.join(closing)
        // A client that never answers the close handshake must not hold up the node's exit.
        .timeout(SHUTDOWN_DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .transform(ar -> Future.<Void>succeededFuture()));
  }
}
