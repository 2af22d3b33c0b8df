package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two signaling nodes on one real redis-server: a change made on one node is told once to {@code onChange} listeners
 * (on the node that made it) and to {@code watch} listeners on every node — how an agenda on hospital A's node hears
 * a patient knocking on hospital B's node.
 */
class NetworkPresenceTest extends SignalingTestBase {

  @Test
  void aKnockOnOneNodeReachesTheWatchersOfEveryNodeAndTheOnceListenersOfOne() throws Exception {
    KonsilConfig networked = config().withRedis(KonsilConfig.Redis.standalone(RedisProcess.shared().uri()));
    OtherNode there = secondNode(networked);
    SignalingFeature other = there.feature();
    TestServer otherServer = there.server();
    try {
      String room = room();
      List<String> watchedHere = new CopyOnWriteArrayList<>();
      List<String> watchedThere = new CopyOnWriteArrayList<>();
      List<String> once = new CopyOnWriteArrayList<>();
      feature.presence().watch((r, user, state) -> watchedHere.add(user + ":" + state.wire()));
      other.presence().watch((r, user, state) -> watchedThere.add(user + ":" + state.wire()));
      feature.presence().onChange((r, user, state) -> once.add("here " + user + ":" + state.wire()));
      other.presence().onChange((r, user, state) -> once.add("there " + user + ":" + state.wire()));

      // The patient knocks on the other node.
      ScriptedSocket patient = await(ScriptedSocket.connect(vertx,
          otherServer.ws() + "/signal/" + room + "?jwt=" + tokens.patient("pat-net", room)));
      await(patient.next("lobby"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while ((watchedHere.isEmpty() || watchedThere.isEmpty()) && System.nanoTime() < deadline) {
        pause(20);
      }
      assertEquals(List.of("pat-net:in-lobby"), watchedHere, "the watcher on this node hears the other node's knock");
      assertEquals(List.of("pat-net:in-lobby"), watchedThere);
      assertEquals(List.of("there pat-net:in-lobby"), once, "told once, by the node that made the change");
      assertTrue(await(feature.presence().inRoom(room)).containsKey("pat-net"), "reads are network-wide too");
    } finally {
      await(otherServer.stop());
    }
  }
}
