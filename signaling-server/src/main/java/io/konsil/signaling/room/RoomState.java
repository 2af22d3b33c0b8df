package io.konsil.signaling.room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room as every node sees it: who is in (in join order), the lobby queue, who was admitted once, chat history, the
 * lobby switch and note, the users ever seen (so presence can say "left"), whether media goes peer to peer or
 * through the media server, the room's recordings and when a moderator last asked for recording consent
 * ({@code consentAskedAt}, epoch millis, 0: never). Immutable; {@code version} grows by one
 * with every committed change and is what a commit compares (optimistic concurrency across nodes).
 *
 * <p>A room nobody is in is <em>vacant</em>: it keeps only {@link #seen}. The next joiner starts a fresh room (admissions,
 * chat and lobby switch are gone), as Jitsi re-creates a room under the same name.
 */
public record RoomState(
    String key,
    String name,
    long version,
    boolean lobbyEnabled,
    List<Member> members,
    List<String> lobby,
    Set<String> admitted,
    List<ChatLine> chat,
    LobbyNote note,
    Set<String> seen,
    String media,
    List<RoomRecording> recordings,
    long consentAskedAt) {

  /** Media goes peer to peer between the browsers. */
  public static final String MESH = "mesh";
  /** Media goes through the media server (more people than a mesh carries); a room never moves back. */
  public static final String SFU = "sfu";

  public static RoomState vacant(String key, String name, long version, Set<String> seen) {
    return new RoomState(key, name, version, true, List.of(), List.of(), Set.of(), List.of(), null, Set.copyOf(seen),
        MESH, List.of(), 0);
  }

  public boolean viaServer() {
    return SFU.equals(media);
  }

  /** The recording running now, or null. */
  public RoomRecording recording() {
    return recordings.isEmpty() || !recordings.get(recordings.size() - 1).active() ? null
        : recordings.get(recordings.size() - 1);
  }

  public boolean isVacant() {
    return members.isEmpty();
  }

  public Member member(String id) {
    for (Member m : members) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    return null;
  }

  public Member memberOnConn(String conn) {
    if (conn == null) {
      return null;
    }
    for (Member m : members) {
      if (conn.equals(m.conn())) {
        return m;
      }
    }
    return null;
  }

  public boolean hasUser(String userId) {
    for (Member m : members) {
      if (m.userId().equals(userId)) {
        return true;
      }
    }
    return false;
  }

  /** Members by id, in join order. */
  public Map<String, Member> byId() {
    Map<String, Member> map = new LinkedHashMap<>();
    members.forEach(m -> map.put(m.id(), m));
    return map;
  }

  /** 1-based position in the lobby, 0 when not waiting. */
  public int position(String memberId) {
    int i = lobby.indexOf(memberId);
    return i < 0 ? 0 : i + 1;
  }
}
