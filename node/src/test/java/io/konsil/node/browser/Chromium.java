package io.konsil.node.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The one place that launches Debian's headless Chromium for browser tests: fake camera and microphone, loopback
 * WebRTC, no network side traffic, a fresh profile each time. Driver and browser paths are fixed so that Selenium
 * never tries to download anything (the machine is offline).
 */
public final class Chromium {
  static final String BINARY = System.getenv().getOrDefault("KONSIL_CHROMIUM", "/usr/bin/chromium");
  static final String DRIVER = System.getenv().getOrDefault("KONSIL_CHROMEDRIVER", "/usr/bin/chromedriver");

  private Chromium() {}

  public static boolean available() {
    return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
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
    Path profile;
    try {
      profile = Files.createTempDirectory("konsil-chromium-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    // Console messages let tests catch CSP violations and uncaught errors.
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    options.addArguments(List.of(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--autoplay-policy=no-user-gesture-required", "--lang=en-GB",
        // Background tabs and occluded windows must keep decoding video like a visible one.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile));
    if (grantMedia) {
      options.addArguments("--use-fake-ui-for-media-stream");
    }
    options.addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().withSilent(true)
        // The demo network is Norwegian: show times as a user in Norway sees them.
        .withEnvironment(Map.of("TZ", "Europe/Oslo")).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    driver.manage().window().setSize(new Dimension(width, height));
    return new Browser(name, driver, () -> deleteTree(profile));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
