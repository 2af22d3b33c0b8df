package io.konsil.signaling.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.token.Role;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.room.Delivery;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.Phase;
import io.konsil.signaling.room.RoomState;
import io.konsil.signaling.room.RuleContext;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Who a moderator's {@code recording-consent-request} reaches, and when the room may be asked again — the time rule
 * with a fixed clock (the signaling tests through Janus cannot wait 30 s; RecordingRequestsTest covers the wire).
 */
class ConsentRequestRuleTest {
  private static final long T0 = 1_767_222_000_000L;

  private static Member member(String id, Role role, boolean moderator, Phase phase, String conn, String consent) {
    return new Member(id, "u-" + id, "Name " + id, role, moderator, null, phase, conn, 0, "hash", false, false, false,
        true, true, 0, false, consent, consent == null ? 0 : T0, null);
  }

  private static final List<Member> PEOPLE = List.of(
      member("gp", Role.GP, true, Phase.CALL, "n/1", null),
      member("kari", Role.PATIENT, false, Phase.CALL, "n/2", null),
      member("nina", Role.NURSE, false, Phase.CALL, "n/3", "konsil-recording-v1"),
      member("ola", Role.PATIENT, false, Phase.LOBBY, "n/4", null),
      member("away", Role.SPECIALIST, true, Phase.CALL, null, null));

  private static RoomState room(String media, long askedAt) {
    return new RoomState("k", "room", 7, true, PEOPLE, List.of("ola"), Set.of(), List.of(), null, Set.of(), media,
        List.of(), askedAt);
  }

  private static Draft ask(RoomState state, long at) {
    Draft d = new Draft(state, new RuleContext(Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC), null, null,
        null, 2, "janus"));
    Recordings.askConsent(d, state.member("gp"), new ClientMessage.ConsentRequest("q"));
    return d;
  }

  private static Map<String, List<JsonObject>> byConn(Draft d) {
    return d.deliveries().stream().collect(Collectors.groupingBy(Delivery::conn,
        Collectors.mapping(x -> new JsonObject(x.frame()), Collectors.toList())));
  }

  @Test
  void onlyThoseInTheCallWithoutConsentAreAskedNotTheAskerNorTheLobbyNorSomeoneReconnecting() {
    Draft d = ask(room(RoomState.SFU, 0), T0);
    Map<String, List<JsonObject>> sent = byConn(d);
    assertEquals(Set.of("n/1", "n/2"), sent.keySet(), "the patient in the call, and the ack to the GP");
    JsonObject asked = sent.get("n/2").get(0);
    assertEquals("recording-consent-request", asked.getString("type"));
    assertEquals("gp", asked.getString("by"));
    assertEquals("Name gp", asked.getString("name"));
    assertEquals(T0, asked.getLong("ts"));
    assertEquals("ack", sent.get("n/1").get(0).getString("type"));
    assertEquals(T0, d.next().consentAskedAt(), "the room remembers when it was asked");
  }

  @Test
  void theRoomIsAskedAgainOnlyThirtySecondsLater() {
    RoomState asked = room(RoomState.SFU, T0);
    Draft soon = ask(asked, T0 + 29_001);
    assertEquals(List.of("recording-consent-asked-recently"), soon.errors());
    assertTrue(byConn(soon).get("n/1").get(0).getString("message").endsWith("ask again in 1 s"));
    assertEquals(Set.of("n/1"), byConn(soon).keySet(), "nobody asked");
    assertTrue(!soon.changed());

    Draft later = ask(asked, T0 + Recordings.ASK_AGAIN_AFTER_MS);
    assertTrue(later.errors().isEmpty());
    assertEquals(Set.of("n/1", "n/2"), byConn(later).keySet());
    assertEquals(T0 + Recordings.ASK_AGAIN_AFTER_MS, later.next().consentAskedAt());
  }

  @Test
  void inAMeshThereIsNothingToAskFor() {
    Draft d = ask(room(RoomState.MESH, 0), T0);
    assertEquals(List.of("recording-needs-sfu"), d.errors());
    assertEquals(Set.of("n/1"), byConn(d).keySet());
  }

  @Test
  void whenEveryoneElseConsentedNothingIsStoredAndTheAskerGetsTheAck() {
    List<Member> consented = PEOPLE.stream().map(m -> m.id().equals("kari") ? m.consenting("v1", T0) : m).toList();
    RoomState state = new RoomState("k", "room", 7, true, consented, List.of("ola"), Set.of(), List.of(), null,
        Set.of(), RoomState.SFU, List.of(), 0);
    Draft d = ask(state, T0);
    assertTrue(!d.changed(), "a request that asks nobody does not start the 30 s");
    assertEquals(Set.of("n/1"), byConn(d).keySet());
  }
}
