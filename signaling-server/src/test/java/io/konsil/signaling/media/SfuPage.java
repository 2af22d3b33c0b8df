package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.signaling.testing.HeadlessChromium;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium with a fake camera running test-resources media/sfu-page.js: a real browser's
 * RTCPeerConnections publishing and subscribing through the media server, launched as every browser test launches
 * Chromium ({@link HeadlessChromium}).
 */
public final class SfuPage implements AutoCloseable {
  private final String name;
  private final HeadlessChromium.Launched chromium;
  private final ChromeDriver driver;

  private SfuPage(String name, HeadlessChromium.Launched chromium) {
    this.name = name;
    this.chromium = chromium;
    this.driver = chromium.driver();
  }

  public static SfuPage launch(String name) {
    assertTrue(HeadlessChromium.available(),
        "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    HeadlessChromium.Launched chromium = HeadlessChromium.named("sfu-" + name)
        .arguments(List.of("--allow-file-access-from-files")).start();
    chromium.driver().get(SfuPage.class.getResource("/media/sfu-page.html").toString());
    return new SfuPage(name, chromium);
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
    chromium.close();
  }
}
