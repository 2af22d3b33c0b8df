package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisClusterSet;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network on a Redis Cluster of three masters with a replica each: every script and channel of a room stays in
 * its hash slot, sharded pub/sub carries the frames between nodes, and a manual failover or the migration of a room's
 * slot to another master while the call runs is followed by the nodes.
 */
class ClusterNetworkTest extends NetworkSignalingContract {
  private static RedisClusterSet cluster;

  @BeforeAll
  static void network() {
    cluster = RedisClusterSet.start(3, 1);
    startNodes("--redis-cluster", String.join(",", cluster.seeds()));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  String[] redisFlags() {
    return new String[] {"--redis-cluster", String.join(",", cluster.seeds())};
  }

  @Test
  void aManualFailoverOfTheRoomsMasterIsFollowed() throws Exception {
    String room = room();
    ScriptedSocket[] call = callAcrossNodes(room);
    String patientId = welcomeOf(call[1]).getString("participantId");
    relays(call[0], call[1], patientId, "v=0 before");
    int slot = cluster.slotOf("konsil:{room:" + room + "}:state");
    RedisProcess master = cluster.ownerOf(slot);
    RedisProcess replica = cluster.replicaOf(master);
    assertNotNull(replica, "the room's master has a replica");
    cluster.manualFailover(replica);
    assertEquals(replica.port(), cluster.ownerOf(slot).port());
    assertTrue(eventuallyRelays(call[0], call[1], patientId, "v=0 after failover"));
    // State changes commit on the new master: a chat reaches both nodes — as a chat frame, or, when the GP's node
    // resyncs the room after the move (a welcome with resumed: true), in that welcome's chat history.
    call[1].send(new JsonObject().put("type", "chat").put("text", "still here"));
    JsonObject got = await(call[0].await(f -> "chat".equals(f.getString("type"))
        || "welcome".equals(f.getString("type")) && f.getJsonArray("chat", new io.vertx.core.json.JsonArray()).stream()
            .anyMatch(c -> "still here".equals(((JsonObject) c).getString("text"))), Duration.ofSeconds(15)));
    assertTrue("chat".equals(got.getString("type")) ? "still here".equals(got.getString("text"))
        : got.getBoolean("resumed", false), got.encode());
  }

  @Test
  void movingTheRoomsSlotToAnotherMasterWhileTheCallRunsLosesNothing() throws Exception {
    String room = room();
    ScriptedSocket[] call = callAcrossNodes(room);
    String patientId = welcomeOf(call[1]).getString("participantId");
    int slot = cluster.slotOf("konsil:{room:" + room + "}:state");
    RedisProcess from = cluster.ownerOf(slot);
    RedisProcess to = cluster.masters().stream().filter(m -> m.port() != from.port()).findFirst().orElseThrow();
    cluster.moveSlot(slot, from, to);
    assertEquals(to.port(), cluster.ownerOf(slot).port());
    assertTrue(eventuallyRelays(call[0], call[1], patientId, "v=0 after reshard"));
    // The room's state moved with the slot: a newcomer on the third node joins the same call. That node took no part
    // in the relays above and may still learn the move; until it has, a join is answered store-unavailable ("try
    // again shortly"), and the newcomer does what a client does with it: tries again.
    JsonObject welcome = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (welcome == null) {
      ScriptedSocket specialist = connect(c, tokens.specialist("spec-" + room, room), room);
      JsonObject first = await(specialist.await(f -> "welcome".equals(f.getString("type"))
          || "error".equals(f.getString("type")), Duration.ofSeconds(5)));
      if ("welcome".equals(first.getString("type"))) {
        welcome = first;
      } else {
        assertEquals("store-unavailable", first.getString("code"), first.encode());
        assertTrue(System.nanoTime() < deadline, "the third node still cannot reach the moved room: " + first);
        await(specialist.close());
        Thread.sleep(250);
      }
    }
    assertEquals(2, welcome.getJsonArray("participants").size(), "the moved room still holds both");
  }

  private static JsonObject welcomeOf(ScriptedSocket s) {
    return s.history().stream().filter(f -> "welcome".equals(f.getString("type"))).reduce((x, y) -> y).orElseThrow();
  }

  private boolean eventuallyRelays(ScriptedSocket from, ScriptedSocket to, String toId, String sdp) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      from.send(new JsonObject().put("type", "offer").put("to", toId).put("sdp", sdp));
      try {
        await(to.await(f -> "offer".equals(f.getString("type")) && sdp.equals(f.getString("sdp")), Duration.ofSeconds(2)));
        return true;
      } catch (AssertionError notYet) {
        // topology still settling
      }
    }
    return false;
  }
}
