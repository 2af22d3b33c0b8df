package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium with a fake camera running test-resources media/sfu-page.js: a real browser's
 * RTCPeerConnections publishing and subscribing through the media server. (Launch flags as the node module's browser
 * tests use; kept here because signaling-server cannot depend on node's tests.)
 */
public final class SfuPage implements AutoCloseable {
  static final String BINARY = System.getenv().getOrDefault("KONSIL_CHROMIUM", "/usr/bin/chromium");
  static final String DRIVER = System.getenv().getOrDefault("KONSIL_CHROMEDRIVER", "/usr/bin/chromedriver");

  private final String name;
  private final ChromeDriver driver;
  private final Path profile;

  private SfuPage(String name, ChromeDriver driver, Path profile) {
    this.name = name;
    this.driver = driver;
    this.profile = profile;
  }

  public static SfuPage launch(String name) {
    assertTrue(new File(BINARY).canExecute() && new File(DRIVER).canExecute(),
        "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    try {
      Path profile = Files.createTempDirectory("konsil-sfu-" + name + "-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(BINARY);
      options.addArguments(List.of(
          "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
          "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-extensions",
          "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
          "--autoplay-policy=no-user-gesture-required", "--allow-file-access-from-files",
          "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
          "--disable-backgrounding-occluded-windows", "--window-size=800,600", "--user-data-dir=" + profile));
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().withSilent(true).build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      driver.get(SfuPage.class.getResource("/media/sfu-page.html").toString());
      return new SfuPage(name, driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /** Creates the publishing peer connection and returns its SDP offer. */
  public Sdp publish(boolean simulcast) {
    return new Sdp((String) async("window.sfu.publish(arguments[0])", simulcast));
  }

  public void answered(Sdp answer) {
    async("window.sfu.answered(arguments[0])", answer.text());
  }

  /** Takes the server's offer for {@code publisher}'s feed and returns the browser's answer. */
  public Sdp subscribe(String publisher, Sdp offer) {
    return new Sdp((String) async("window.sfu.subscribe(arguments[0], arguments[1])", publisher, offer.text()));
  }

  public void addCandidate(String key, IceCandidate c) {
    async("window.sfu.addCandidate(arguments[0], {candidate: arguments[1], sdpMid: arguments[2],"
        + " sdpMLineIndex: arguments[3] < 0 ? null : arguments[3]})", key, c.candidate(), c.sdpMid(), c.mLineIndex());
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> drain() {
    return (List<Map<String, Object>>) driver.executeScript("return window.sfu.drain()");
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> videos() {
    return (List<Map<String, Object>>) driver.executeScript("return window.sfu.videos()");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> remoteFingerprints() {
    return (Map<String, Object>) async("window.sfu.remoteFingerprints()");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> iceStates() {
    return (Map<String, Object>) driver.executeScript("return window.sfu.iceStates()");
  }

  public void closeLeg(String key) {
    driver.executeScript("window.sfu.close(arguments[0])", key);
  }

  public void reset() {
    driver.executeScript("window.sfu.reset()");
  }

  /** Runs a promise-returning expression and waits for its value (errors come back as test failures). */
  private Object async(String expression, Object... args) {
    Object[] all = new Object[args.length];
    System.arraycopy(args, 0, all, 0, args.length);
    Object r = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "Promise.resolve().then(() => " + expression + ")"
        + ".then(v => done({ok: v === undefined ? null : v}), e => done({error: String(e)}));", all);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) r;
    if (m.containsKey("error")) {
      throw new AssertionError(name + ": " + expression + " failed in the page: " + m.get("error"));
    }
    return m.get("ok");
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp profile is harmless
      }
    }
  }
}
