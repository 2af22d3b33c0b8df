package io.konsil.node.browser;

import io.konsil.signaling.testing.HeadlessChromium;
import java.time.Duration;
import java.util.List;

/**
 * Browser tests' users: Chromium as {@link HeadlessChromium} launches it (the one recipe, in signaling-server's test
 * jar), with its console kept for CSP and error checks and the clock of a user in Norway, wrapped as a {@link Browser}.
 */
public final class Chromium {
  private Chromium() {}

  public static boolean available() {
    return HeadlessChromium.available();
  }

  /** A fresh headless browser; {@link Browser#close()} quits it and deletes its profile. */
  public static Browser launch(String name, int width, int height) {
    return launch(name, width, height, true);
  }

  /**
   * @param grantMedia false leaves out the flag that auto-accepts camera/microphone prompts, so that headless
   *     Chromium refuses them the way a user clicking "Block" does
   */
  public static Browser launch(String name, int width, int height, boolean grantMedia) {
    return launch(name, width, height, grantMedia, List.of());
  }

  /** @param extraArguments more Chromium switches (a later switch of the same name wins) */
  public static Browser launch(String name, int width, int height, boolean grantMedia, List<String> extraArguments) {
    return new Browser(name, HeadlessChromium.named(name).size(width, height).grantMedia(grantMedia).consoleLog()
        .timeZone("Europe/Oslo").scriptTimeout(Duration.ofSeconds(20)).arguments(extraArguments).start());
  }
}
