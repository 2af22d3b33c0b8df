package io.konsil.signaling.room;

import io.konsil.common.room.RoomDetails;
import io.konsil.signaling.lobby.Lobby;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One room: its participants, lobby, chat history and the users admitted during its life. Room-context only. */
final class Consultation {
  final String key;
  final String name;
  final Map<String, Participant> participants = new LinkedHashMap<>();
  final Map<String, Participant> byResumeToken = new HashMap<>();
  final Lobby lobby = new Lobby();
  /** User ids admitted once; they skip the lobby on any later join while the room lives. */
  final Set<String> admittedUsers = new HashSet<>();
  /** Connections past the handshake that have not joined yet; they hold a place against the participant cap. */
  final Set<Link> pending = new HashSet<>();
  final ArrayDeque<JsonObject> chat = new ArrayDeque<>();
  /** The appointment or second opinion this room belongs to (from the RoomDirectory); null for an ad hoc room. */
  RoomDetails details;
  /** The latest moderator's message to the lobby, {text, from, ts}; repeated in later lobby frames. */
  JsonObject lobbyMessage;

  Consultation(String key, String name) {
    this.key = key;
    this.name = name;
  }

  boolean hasUser(String userId) {
    for (Participant p : participants.values()) {
      if (p.userId().equals(userId)) {
        return true;
      }
    }
    return false;
  }

  int occupancy() {
    return participants.size() + pending.size();
  }

  boolean empty() {
    return participants.isEmpty() && pending.isEmpty();
  }

  List<Participant> inCall() {
    List<Participant> list = new ArrayList<>();
    for (Participant p : participants.values()) {
      if (p.inCall()) {
        list.add(p);
      }
    }
    return list;
  }

  /** Sends {@code frame} to everyone connected in the call except {@code except} (may be null). */
  void broadcast(JsonObject frame, Participant except) {
    for (Participant p : participants.values()) {
      if (p != except && p.inCall()) {
        p.send(frame);
      }
    }
  }

  void toLobby(JsonObject frame) {
    for (String id : lobby.queue()) {
      Participant p = participants.get(id);
      if (p != null) {
        p.send(frame);
      }
    }
  }

  void toModerators(JsonObject frame) {
    for (Participant p : participants.values()) {
      if (p.inCall() && p.moderator()) {
        p.send(frame);
      }
    }
  }

  JsonArray othersInCall(Participant self) {
    JsonArray list = new JsonArray();
    for (Participant p : participants.values()) {
      if (p != self && p.inCall()) {
        list.add(p.toJson());
      }
    }
    return list;
  }

  JsonArray waiting() {
    JsonArray list = new JsonArray();
    int position = 1;
    for (String id : lobby.queue()) {
      Participant p = participants.get(id);
      if (p != null) {
        list.add(p.toKnockJson().put("position", position++));
      }
    }
    return list;
  }

  void addChat(JsonObject message, int limit) {
    if (limit <= 0) {
      return;
    }
    chat.addLast(message);
    while (chat.size() > limit) {
      chat.removeFirst();
    }
  }

  JsonArray chatHistory() {
    return new JsonArray(new ArrayList<>(chat));
  }
}
