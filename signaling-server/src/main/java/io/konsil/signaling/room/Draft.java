package io.konsil.signaling.room;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Role;
import io.konsil.signaling.audit.ConsultationEvent;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.ServerFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A working copy of one room while one rule runs, and what the rule wants delivered. Rules (membership, lobby,
 * resume, call actions) are plain code over a draft; the result is either nothing to store (only replies to the
 * actor) or a {@link RoomEvent} to commit — the same for the in-memory and the Redis store. A draft lives for one
 * rule application on one thread.
 */
public final class Draft {
  /** A lobby wait that ended, for the histogram; reported by the node that commits. */
  public record LobbyWait(Duration waited, String outcome) {}

  private final RoomState base;
  private final RuleContext context;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<String> lobby;
  private final Set<String> admitted;
  private final List<ChatLine> chat;
  private final Set<String> seen;
  private boolean lobbyEnabled;
  private LobbyNote note;
  private String media;
  private final List<RoomRecording> recordings;
  private long consentAskedAt;
  private boolean changed;
  private boolean ended;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<LobbyWait> lobbyWaits = new ArrayList<>();
  private final List<String> relayedTypes = new ArrayList<>();
  private boolean stopMedia;
  private final List<ConsultationEvent> consultationEvents = new ArrayList<>();

  public Draft(RoomState base, RuleContext context) {
    this.base = base;
    this.context = context;
    base.members().forEach(m -> members.put(m.id(), m));
    this.lobby = new ArrayList<>(base.lobby());
    this.admitted = new LinkedHashSet<>(base.admitted());
    this.chat = new ArrayList<>(base.chat());
    this.seen = new LinkedHashSet<>(base.seen());
    this.lobbyEnabled = base.lobbyEnabled();
    this.note = base.note();
    this.media = base.media();
    this.recordings = new ArrayList<>(base.recordings());
    this.consentAskedAt = base.consentAskedAt();
  }

  /**
   * Records a consultation event for the audit trail ({@code subject} may be null), with the patients in the room as
   * the draft has it now. Written by the node that commits this draft.
   */
  public void audit(AuditAction action, Actor actor, Member subject) {
    audit(action, actor, subject, null);
  }

  /** As {@link #audit(AuditAction, Actor, Member)}, with a code for the entry (never prose). */
  public void audit(AuditAction action, Actor actor, Member subject, String detail) {
    List<String> patients = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.role() == Role.PATIENT && !patients.contains(m.userId())) {
        patients.add(m.userId());
      }
    }
    if (subject != null && subject.role() == Role.PATIENT && !patients.contains(subject.userId())) {
      patients.add(subject.userId());
    }
    consultationEvents.add(new ConsultationEvent(action, actor, subject == null ? null : subject.userId(),
        subject == null ? null : subject.role(), List.copyOf(patients), detail));
  }

  public List<ConsultationEvent> consultationEvents() {
    return List.copyOf(consultationEvents);
  }

  public RuleContext context() {
    return context;
  }

  public long now() {
    return context.now();
  }

  public RoomState base() {
    return base;
  }

  // ---- reading

  public Member member(String id) {
    return id == null ? null : members.get(id);
  }

  public Member memberOnConn(String conn) {
    if (conn == null) {
      return null;
    }
    for (Member m : members.values()) {
      if (conn.equals(m.conn())) {
        return m;
      }
    }
    return null;
  }

  public List<Member> members() {
    return List.copyOf(members.values());
  }

  public int size() {
    return members.size();
  }

  public boolean lobbyEnabled() {
    return lobbyEnabled;
  }

  public boolean wasAdmitted(String userId) {
    return admitted.contains(userId);
  }

  public List<String> lobby() {
    return List.copyOf(lobby);
  }

  public int position(String memberId) {
    int i = lobby.indexOf(memberId);
    return i < 0 ? 0 : i + 1;
  }

  public LobbyNote note() {
    return note;
  }

  public boolean viaServer() {
    return RoomState.SFU.equals(media);
  }

  /** How many are in the call now. */
  public int inCall() {
    int n = 0;
    for (Member m : members.values()) {
      if (m.inCall()) {
        n++;
      }
    }
    return n;
  }

  /** The recording running now, or null. */
  public RoomRecording recording() {
    return recordings.isEmpty() || !recordings.get(recordings.size() - 1).active() ? null
        : recordings.get(recordings.size() - 1);
  }

  public List<RoomRecording> recordings() {
    return List.copyOf(recordings);
  }

  /** When a moderator last asked for recording consent (epoch millis; 0: never). */
  public long consentAskedAt() {
    return consentAskedAt;
  }

  // ---- changing

  public void put(Member m) {
    members.put(m.id(), m);
    seen.add(m.userId());
    changed = true;
  }

  public void remove(String memberId) {
    if (members.remove(memberId) != null) {
      lobby.remove(memberId);
      changed = true;
    }
  }

  public void enterLobby(String memberId) {
    if (!lobby.contains(memberId)) {
      lobby.add(memberId);
      changed = true;
    }
  }

  /** Removes from the lobby queue; whether they were waiting. */
  public boolean leaveLobby(String memberId) {
    boolean was = lobby.remove(memberId);
    changed |= was;
    return was;
  }

  public void admit(String userId) {
    changed |= admitted.add(userId);
  }

  public void forgetAdmission(String userId) {
    changed |= admitted.remove(userId);
  }

  public void lobbyEnabled(boolean enabled) {
    changed |= lobbyEnabled != enabled;
    lobbyEnabled = enabled;
  }

  /** From now on the call's media goes through the media server. */
  public void viaServer(boolean sfu) {
    String next = sfu ? RoomState.SFU : RoomState.MESH;
    changed |= !next.equals(media);
    media = next;
  }

  public void recordingStarted(RoomRecording r) {
    recordings.add(r);
    changed = true;
  }

  public void recordingStopped() {
    RoomRecording r = recording();
    if (r != null) {
      recordings.set(recordings.size() - 1, r.stopped(now()));
      changed = true;
    }
  }

  public void consentAsked(long at) {
    consentAskedAt = at;
    changed = true;
  }

  public void note(LobbyNote next) {
    note = next;
    changed = true;
  }

  public void addChat(ChatLine line) {
    int limit = context.limits().chatHistory();
    if (limit <= 0) {
      return;
    }
    chat.add(line);
    while (chat.size() > limit) {
      chat.remove(0);
    }
    changed = true;
  }

  /** The room is over: everyone goes, and connections on any node still joining are told too. */
  public void end() {
    members.clear();
    lobby.clear();
    ended = true;
    changed = true;
  }

  // ---- deliveries

  public void send(Member to, String frame) {
    if (to != null && to.conn() != null) {
      deliveries.add(Delivery.send(to.conn(), frame));
    }
  }

  public void sendTo(String conn, String frame) {
    deliveries.add(Delivery.send(conn, frame));
  }

  public void close(String conn, String frame, int code, String reason) {
    if (conn != null) {
      deliveries.add(Delivery.close(conn, frame, code, reason));
    }
  }

  /** To everyone connected in the call except {@code exceptId} (may be null), in join order. */
  public void broadcast(String frame, String exceptId) {
    for (Member m : members.values()) {
      if (m.inCall() && !m.id().equals(exceptId)) {
        send(m, frame);
      }
    }
  }

  public void toModerators(String frame) {
    for (Member m : members.values()) {
      if (m.inCall() && m.moderator()) {
        send(m, frame);
      }
    }
  }

  public void ack(String conn, ClientMessage m) {
    if (m.id() != null) {
      sendTo(conn, ServerFrames.ack(m.id(), m.type()));
    }
  }

  public void fail(String conn, ClientMessage m, String code, String message) {
    errors.add(code);
    sendTo(conn, ServerFrames.error(code, message, m == null ? null : m.id()));
  }

  public void lobbyWaitEnded(Member m, String outcome) {
    lobbyWaits.add(new LobbyWait(Duration.ofMillis(Math.max(0, now() - m.lobbySince())), outcome));
  }

  /** The media server must stop recording this room once the change is committed. */
  public void stopMedia() {
    stopMedia = true;
  }

  public boolean stopsMedia() {
    return stopMedia;
  }

  public void relayed(String type) {
    relayedTypes.add(type);
  }

  // ---- result

  public boolean changed() {
    return changed;
  }

  public boolean ended() {
    return ended;
  }

  public List<Delivery> deliveries() {
    return deliveries;
  }

  public List<String> errors() {
    return errors;
  }

  public List<LobbyWait> lobbyWaits() {
    return lobbyWaits;
  }

  public List<String> relayedTypes() {
    return relayedTypes;
  }

  /** The state to store: the next version; vacant when nobody is left. */
  public RoomState next() {
    long version = base.version() + 1;
    if (members.isEmpty()) {
      return RoomState.vacant(base.key(), base.name(), version, seen);
    }
    return new RoomState(base.key(), base.name(), version, lobbyEnabled, List.copyOf(members.values()),
        List.copyOf(lobby), Set.copyOf(admitted), List.copyOf(chat), note, Set.copyOf(seen), media,
        List.copyOf(recordings), consentAskedAt);
  }

  public RoomEvent event() {
    return new RoomEvent(next(), List.copyOf(deliveries), ended);
  }
}
