package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.signaling.media.janus.JanusMediaServer;
import io.konsil.signaling.media.janus.JanusSettings;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A six-person meeting through the Janus adapter: six real Chromium pages each publish a fake camera and subscribe to
 * the five others, with SDP and candidates relayed by the test as room logic will. Every page decodes five videos,
 * and every one of its peer connections presents the same remote DTLS fingerprint, Janus's: media goes through the
 * server, not between browsers. Prints the time from the first publish to all thirty videos decoding.
 */
class SixPagesThroughJanusTest {
  static final int PEOPLE = 6;

  @Test
  void sixPagesEachDecodeTheFiveOthersThroughJanus() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<SfuPage> pages = new ArrayList<>();
    try (JanusProcess janus = JanusProcess.start()) {
      JanusMediaServer server = JanusMediaServer.create(vertx,
          JanusSettings.defaults(janus.uri(), janus.recordings().toString()), Clock.systemUTC());
      for (int i = 0; i < PEOPLE; i++) {
        pages.add(SfuPage.launch("p" + i));
      }
      SfuCall call = new SfuCall(server, "mdt-meeting").open();

      long start = System.nanoTime();
      for (int i = 0; i < PEOPLE; i++) {
        call.publish("p" + i, pages.get(i), false);
      }
      long published = System.nanoTime();
      Map<String, SfuPage> byParticipant = new java.util.LinkedHashMap<>();
      for (int i = 0; i < PEOPLE; i++) {
        byParticipant.put("p" + i, pages.get(i));
      }
      call.subscribeEveryoneToEveryone(byParticipant);
      long subscribed = System.nanoTime();
      call.until("all six pages decoding five videos", Duration.ofSeconds(60),
          () -> pages.stream().allMatch(p -> SfuCall.decodes(p, PEOPLE - 1)));
      long decoding = System.nanoTime();
      System.out.printf("SixPagesThroughJanusTest: 6 publish %d ms, 30 subscriptions %d ms, all 30 videos decoding "
          + "%d ms after the first publish (%d ms after the last subscription)%n",
          (published - start) / 1_000_000, (subscribed - published) / 1_000_000, (decoding - start) / 1_000_000,
          (decoding - subscribed) / 1_000_000);

      Set<String> fingerprints = new HashSet<>();
      for (SfuPage page : pages) {
        Map<String, Object> remote = page.remoteFingerprints();
        assertEquals(PEOPLE, remote.size(), page.name() + ": one publication and five subscriptions");
        remote.values().forEach(f -> fingerprints.add(String.valueOf(f).toUpperCase()));
      }
      assertEquals(Set.of(janus.fingerprint()), fingerprints,
          "all 36 peer connections of the six pages end at Janus");
      server.close().await();
    } finally {
      pages.forEach(SfuPage::close);
      vertx.close().await();
    }
  }
}
