package io.konsil.signaling.room.redis;

import io.konsil.common.token.Role;
import io.konsil.signaling.room.ChatLine;
import io.konsil.signaling.room.Delivery;
import io.konsil.signaling.room.LobbyNote;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.Phase;
import io.konsil.signaling.room.RoomEvent;
import io.konsil.signaling.room.RoomRecording;
import io.konsil.signaling.room.RoomState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rooms as JSON in Redis and on the bus, with short member names (a room's state travels with each of its events).
 * Bus messages are {@code E} + an event, or {@code R} + connection + newline + a relayed frame (kept as text: a relay
 * is never parsed on its way through).
 */
final class RoomCodec {
  private RoomCodec() {}

  static String encode(RoomState s) {
    return state(s).encode();
  }

  static RoomState decodeState(String json) {
    return state(new JsonObject(json));
  }

  static String event(RoomEvent e) {
    JsonArray deliveries = new JsonArray();
    for (Delivery d : e.deliveries()) {
      deliveries.add(new JsonArray().add(d.conn()).add(d.frame()).add(d.close()).add(d.reason()));
    }
    JsonObject o = new JsonObject().put("s", state(e.state())).put("d", deliveries);
    if (e.ended()) {
      o.put("x", true);
    }
    return "E" + o.encode();
  }

  static String relay(String conn, String frame) {
    return "R" + conn + '\n' + frame;
  }

  static RoomEvent decodeEvent(String message) {
    JsonObject o = new JsonObject(message.substring(1));
    List<Delivery> deliveries = new ArrayList<>();
    for (Object item : o.getJsonArray("d")) {
      JsonArray d = (JsonArray) item;
      deliveries.add(new Delivery(d.getString(0), d.getString(1), d.getInteger(2), d.getString(3)));
    }
    return new RoomEvent(state(o.getJsonObject("s")), deliveries, o.getBoolean("x", false));
  }

  private static JsonObject state(RoomState s) {
    JsonArray members = new JsonArray();
    for (Member m : s.members()) {
      JsonObject member = new JsonObject()
          .put("id", m.id()).put("u", m.userId()).put("n", m.name()).put("r", m.role().wire())
          .put("m", m.moderator()).put("h", m.hospital()).put("p", m.phase().name()).put("c", m.conn())
          .put("g", m.graceUntil()).put("k", m.resumeHash()).put("am", m.audioMuted()).put("vm", m.videoMuted())
          .put("ss", m.screenSharing()).put("cam", m.camera()).put("mic", m.microphone()).put("ls", m.lobbySince())
          .put("f", m.feed()).put("cv", m.consent()).put("ca", m.consentAt());
      if (m.hpr() != null) {
        member.put("hpr", m.hpr());
      }
      members.add(member);
    }
    JsonArray chat = new JsonArray();
    for (ChatLine c : s.chat()) {
      chat.add(new JsonArray().add(c.from()).add(c.name()).add(c.text()).add(c.ts()));
    }
    JsonObject o = new JsonObject()
        .put("key", s.key()).put("name", s.name()).put("v", s.version()).put("lobby", s.lobbyEnabled())
        .put("members", members).put("queue", new JsonArray(new ArrayList<>(s.lobby())))
        .put("admitted", new JsonArray(new ArrayList<>(s.admitted()))).put("chat", chat)
        .put("seen", new JsonArray(new ArrayList<>(s.seen()))).put("media", s.media());
    JsonArray recordings = new JsonArray();
    for (RoomRecording r : s.recordings()) {
      recordings.add(new JsonArray().add(r.by()).add(r.since()).add(r.until()).add(r.location()));
    }
    o.put("rec", recordings);
    if (s.consentAskedAt() != 0) {
      o.put("ask", s.consentAskedAt());
    }
    if (s.note() != null) {
      o.put("note", new JsonArray().add(s.note().text()).add(s.note().from()).add(s.note().ts()));
    }
    return o;
  }

  private static RoomState state(JsonObject o) {
    List<Member> members = new ArrayList<>();
    for (Object item : o.getJsonArray("members")) {
      JsonObject m = (JsonObject) item;
      members.add(new Member(m.getString("id"), m.getString("u"), m.getString("n"), Role.fromClaim(m.getString("r")),
          m.getBoolean("m"), m.getString("h"), Phase.valueOf(m.getString("p")), m.getString("c"), m.getLong("g"),
          m.getString("k"), m.getBoolean("am"), m.getBoolean("vm"), m.getBoolean("ss"), m.getBoolean("cam"),
          m.getBoolean("mic"), m.getLong("ls"), m.getBoolean("f", false), m.getString("cv"), m.getLong("ca", 0L),
          m.getString("hpr")));
    }
    List<ChatLine> chat = new ArrayList<>();
    for (Object item : o.getJsonArray("chat")) {
      JsonArray c = (JsonArray) item;
      chat.add(new ChatLine(c.getString(0), c.getString(1), c.getString(2), c.getLong(3)));
    }
    JsonArray note = o.getJsonArray("note");
    return new RoomState(o.getString("key"), o.getString("name"), o.getLong("v"), o.getBoolean("lobby"),
        List.copyOf(members), strings(o.getJsonArray("queue")), Set.copyOf(strings(o.getJsonArray("admitted"))),
        List.copyOf(chat), note == null ? null : new LobbyNote(note.getString(0), note.getString(1), note.getLong(2)),
        new LinkedHashSet<>(strings(o.getJsonArray("seen"))), o.getString("media", RoomState.MESH), recordings(o),
        o.getLong("ask", 0L));
  }

  private static List<RoomRecording> recordings(JsonObject o) {
    List<RoomRecording> list = new ArrayList<>();
    JsonArray a = o.getJsonArray("rec");
    if (a != null) {
      for (Object item : a) {
        JsonArray r = (JsonArray) item;
        list.add(new RoomRecording(r.getString(0), r.getLong(1), r.getLong(2), r.getString(3)));
      }
    }
    return List.copyOf(list);
  }

  private static List<String> strings(JsonArray a) {
    List<String> list = new ArrayList<>();
    a.forEach(v -> list.add((String) v));
    return List.copyOf(list);
  }
}
