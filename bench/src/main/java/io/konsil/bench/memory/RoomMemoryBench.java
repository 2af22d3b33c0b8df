package io.konsil.bench.memory;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.token.Role;
import io.konsil.signaling.resume.ResumeTokens;
import io.konsil.signaling.room.ChatLine;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.Phase;
import io.konsil.signaling.room.RoomEvent;
import io.konsil.signaling.room.RoomState;
import io.konsil.signaling.room.redis.RedisRoomStore;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Redis bytes per room and per participant ({@code MEMORY USAGE} of the room's state hash as the Redis room store
 * writes it), for sizing a region: rooms of 0 (vacant, kept for presence), 2, 4, 8 and 12 participants, with and
 * without 20 chat messages. {@code bench/run.sh room-memory}.
 */
public final class RoomMemoryBench {
  private RoomMemoryBench() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (RedisProcess redis = RedisProcess.start()) {
      RedisGateway gw = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())).await();
      RedisRoomStore store = new RedisRoomStore(gw);
      store.start().await();
      System.out.println("Redis bytes per room state (MEMORY USAGE), redis-server " + redis.info("server", "redis_version"));
      System.out.printf("%-12s %10s %14s %12s%n", "participants", "no chat", "20 chat lines", "per person");
      long previous = -1;
      int previousN = 0;
      for (int n : new int[] {0, 2, 4, 8, 12}) {
        long plain = measure(store, "mem-" + n, n, 0);
        long chatty = measure(store, "mem-chat-" + n, n, 20);
        String per = previous < 0 || n == previousN ? "" : String.valueOf((plain - previous) / (n - previousN));
        System.out.printf("%-12d %10d %14d %12s%n", n, plain, chatty, per);
        previous = plain;
        previousN = n;
      }
      gw.close().await();
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }

  private static long measure(RedisRoomStore store, String key, int people, int chatLines) {
    List<Member> members = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < people; i++) {
      String user = "patient-" + String.format("%011d", 10_000_000_000L + i);
      seen.add(user);
      members.add(new Member(ResumeTokens.newParticipantId(), user, "Kari Nordmann " + i,
          i == 0 ? Role.GP : Role.PATIENT, i == 0, i == 0 ? "SLK" : null, Phase.CALL, "slk-1~AbCdEfGh/" + (1000 + i), 0,
          ResumeTokens.hash(ResumeTokens.newToken()), false, false, false, true, true, 1767222012345L, false, null, 0,
          null));
    }
    List<ChatLine> chat = new ArrayList<>();
    for (int i = 0; i < chatLines; i++) {
      chat.add(new ChatLine(members.isEmpty() ? "p-x" : members.get(i % people).id(), "Kari Nordmann",
          "A typical short chat message, about sixty characters long.", 1767222012345L + i));
    }
    RoomState state = people == 0 ? RoomState.vacant(key, key, 1, Set.of("patient-1", "gp-1"))
        : new RoomState(key, key, 1, true, members, List.of(), Set.copyOf(seen), chat, null, seen, RoomState.MESH,
            List.of(), 0);
    store.commit(0, new RoomEvent(state, List.of(), false)).await();
    return store.memoryUsage(key).await();
  }
}
