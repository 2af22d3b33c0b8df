package io.konsil.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.TestTokens;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The campaign's generators, without a server: they never fail themselves, and a seed replays its sequence. */
class GeneratorsTest {
  @Test
  void aSeedGeneratesTheSameRequestsAndFramesAgainAndEveryOperationIsReached() {
    for (long seed : List.of(1L, 42L, -7L, System.nanoTime())) {
      RestFuzzer a = new RestFuzzer(new Garbage(seed), new Pool(new TestTokens()));
      RestFuzzer b = new RestFuzzer(new Garbage(seed), new Pool(new TestTokens()));
      FrameFuzzer fa = new FrameFuzzer(new Garbage(seed), () -> List.of("p-1", "p-2"), 65_536);
      FrameFuzzer fb = new FrameFuzzer(new Garbage(seed), () -> List.of("p-1", "p-2"), 65_536);
      Set<String> operations = new HashSet<>();
      for (int i = 0; i < 3_000; i++) {
        RestFuzzer.Attempt x = a.next();
        RestFuzzer.Attempt y = b.next();
        // Tokens carry the current time (exp, nbf): the same choice made a second later is another string.
        assertEquals(x.method() + " " + x.uri().replaceAll("access_token=[^&]*", "") + " " + x.headers().keySet(),
            y.method() + " " + y.uri().replaceAll("access_token=[^&]*", "") + " " + y.headers().keySet());
        operations.add(x.method() + " " + x.uri().replaceAll("\\?.*", "").replaceAll("/[^/]*$", "/"));
        FrameFuzzer.Frame f = fa.next();
        FrameFuzzer.Frame g = fb.next();
        assertEquals(f.text(), g.text());
      }
      assertTrue(operations.size() > 15, operations.toString());
    }
  }
}
