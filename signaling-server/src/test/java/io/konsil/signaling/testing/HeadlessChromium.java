package io.konsil.signaling.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The one recipe for Debian's headless Chromium in Konsil's tests and media benchmarks: fake camera and microphone,
 * loopback WebRTC (no mDNS hiding of local addresses), no network side traffic, background pages that keep decoding,
 * a fresh profile each time. Driver and browser paths are fixed so that Selenium never tries to download anything
 * (the machine is offline). The node's browser tests, the signaling module's media pages and the media benchmark all
 * launch through it.
 */
public final class HeadlessChromium {
  public static final String BINARY = System.getenv().getOrDefault("KONSIL_CHROMIUM", "/usr/bin/chromium");
  public static final String DRIVER = System.getenv().getOrDefault("KONSIL_CHROMEDRIVER", "/usr/bin/chromedriver");

  private final String name;
  private int width = 800;
  private int height = 600;
  private boolean grantMedia = true;
  private boolean consoleLog;
  private Duration scriptTimeout = Duration.ofSeconds(30);
  private final Map<String, String> environment = new java.util.HashMap<>();
  private final List<String> arguments = new ArrayList<>();

  private HeadlessChromium(String name) {
    this.name = name;
  }

  public static boolean available() {
    return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
  }

  /** @param name names the profile directory (and so the browser's processes, for per-browser CPU figures) */
  public static HeadlessChromium named(String name) {
    return new HeadlessChromium(name);
  }

  public HeadlessChromium size(int width, int height) {
    this.width = width;
    this.height = height;
    return this;
  }

  /**
   * @param grant false leaves out the switch that accepts camera/microphone prompts, so that Chromium refuses them the
   *     way a user clicking "Block" does
   */
  public HeadlessChromium grantMedia(boolean grant) {
    this.grantMedia = grant;
    return this;
  }

  /** Keeps the browser console, so that tests can catch CSP violations and uncaught errors. */
  public HeadlessChromium consoleLog() {
    this.consoleLog = true;
    return this;
  }

  public HeadlessChromium scriptTimeout(Duration timeout) {
    this.scriptTimeout = timeout;
    return this;
  }

  /** The browser's time zone (the demo network is Norwegian: {@code Europe/Oslo} shows times as a user there sees). */
  public HeadlessChromium timeZone(String zone) {
    environment.put("TZ", zone);
    return this;
  }

  /** More Chromium switches; a later switch of the same name wins (e.g. a fake camera's {@code fps}). */
  public HeadlessChromium arguments(List<String> more) {
    arguments.addAll(more);
    return this;
  }

  /** Starts the browser; {@link Launched#close()} quits it and deletes its profile. */
  public Launched start() {
    Path profile;
    try {
      profile = Files.createTempDirectory("konsil-chromium-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    if (consoleLog) {
      options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    }
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
    options.addArguments(arguments);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().withSilent(true)
        .withEnvironment(environment).build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw e;
    }
    driver.manage().timeouts().scriptTimeout(scriptTimeout);
    driver.manage().window().setSize(new Dimension(width, height));
    return new Launched(driver, profile);
  }

  /** A running browser and its profile directory (its processes carry the directory on their command line). */
  public record Launched(ChromeDriver driver, Path profile) implements AutoCloseable {
    @Override
    public void close() {
      try {
        driver.quit();
      } finally {
        deleteTree(profile);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
