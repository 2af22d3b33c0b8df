package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.konsil.signaling.testing.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** One test user's browser, with polling waits on what the user would see (no sleeps). */
public final class Browser implements AutoCloseable {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  /**
   * Where screenshots go: target/screenshots by default, so a test run leaves the work tree clean;
   * {@code -Dkonsil.screenshots=../docs/screenshots} refreshes the ones kept in docs.
   */
  static final Path SCREENSHOTS = Path.of(System.getProperty("konsil.screenshots", "target/screenshots"));

  private final String name;
  private final HeadlessChromium.Launched chromium;
  private final ChromeDriver driver;

  Browser(String name, HeadlessChromium.Launched chromium) {
    this.name = name;
    this.chromium = chromium;
    this.driver = chromium.driver();
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  public WebElement find(String css) {
    return waitFor("element " + css, () -> {
      List<WebElement> found = driver.findElements(By.cssSelector(css));
      return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    });
  }

  public boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  public Browser click(String css) {
    // A page that re-renders between finding and clicking (Try again redraws the device problem) leaves a stale
    // element: nothing was clicked, so find it again.
    for (int attempt = 1; ; attempt++) {
      WebElement el = find(css);
      try {
        // Scrolling first avoids "element click intercepted" on small windows.
        js("arguments[0].scrollIntoView({block:'nearest'})", el);
        el.click();
        return this;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  public Browser type(String css, String text) {
    WebElement el = find(css);
    el.clear();
    el.sendKeys(text);
    return this;
  }

  public Browser select(String css, String value) {
    WebElement el = find(css);
    waitFor("option " + value + " in " + css,
        () -> el.findElements(By.cssSelector("option[value='" + value + "']")).isEmpty() ? null : true);
    js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", el, value);
    return this;
  }

  public String text(String css) {
    return find(css).getText();
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public <T> T waitFor(String what, Supplier<T> condition) {
    return waitFor(what, DEFAULT_WAIT, condition);
  }

  /** Polls every 100 ms until {@code condition} yields something other than null/false. */
  public <T> T waitFor(String what, Duration timeout, Supplier<T> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = condition.get();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    fail(name + ": timed out after " + timeout.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last.getMessage().lines().findFirst().orElse("") + ")")
        + "\nlocation: " + driver.getCurrentUrl() + "\nconsole state: " + diagnostics());
    return null;
  }

  /** Like waitFor, but yields null on timeout instead of failing (for use inside another wait). */
  private static <T> T poll(Duration timeout, Supplier<T> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      T value = condition.get();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  public boolean jsTrue(String expression) {
    return Boolean.TRUE.equals(js("return !!(" + expression + ");"));
  }

  public void waitJs(String what, String expression) {
    waitFor(what, () -> jsTrue(expression));
  }

  public void waitJs(String what, Duration timeout, String expression) {
    waitFor(what, timeout, () -> jsTrue(expression));
  }

  /**
   * Every remote video in the page is decoding frames: a size is known and playback time moves on. Samples twice so
   * that a frozen picture does not pass.
   */
  public void waitForRemoteVideos(int expected) {
    waitFor(expected + " remote video(s) playing", Duration.ofSeconds(60), () -> {
      Object before = js("return [...document.querySelectorAll('video.remote-video')]"
          + ".map(v => v.videoWidth > 0 && v.readyState >= 2 ? v.currentTime : -1)");
      List<?> a = (List<?>) before;
      if (a.size() != expected || a.stream().anyMatch(x -> ((Number) x).doubleValue() < 0)) {
        return null;
      }
      return poll(Duration.ofSeconds(3), () -> {
        List<?> b = (List<?>) js("return [...document.querySelectorAll('video.remote-video')].map(v => v.currentTime)");
        if (b.size() != expected) {
          return null;
        }
        for (int i = 0; i < expected; i++) {
          if (((Number) b.get(i)).doubleValue() <= ((Number) a.get(i)).doubleValue()) {
            return null;
          }
        }
        return true;
      });
    });
  }

  public String diagnostics() {
    try {
      // Notices with text only (an empty alert region is no error), and the page's state in any case.
      Object errors = js("return [...document.querySelectorAll('.notice.error')].filter(e => e.textContent.trim())"
          + ".map(e => (e.dataset.code || '') + ': ' + e.textContent.trim()).join(' | ')");
      Object s = js("return window.__konsil && window.__konsil.state ? JSON.stringify(window.__konsil.state()) : ''");
      return (errors == null || String.valueOf(errors).isEmpty() ? "" : "errors shown: " + errors + "; ") + "state: " + s;
    } catch (RuntimeException e) {
      return "(no state)";
    }
  }

  /**
   * Fails on what a user never sees but a broken page leaves in the console: a Content-Security-Policy violation
   * (an inline style or script that the CSP blocked) or an uncaught JavaScript error.
   */
  public void assertCleanConsole() {
    List<String> problems = new java.util.ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (m.contains("Content Security Policy") || m.contains("Uncaught")) {
        problems.add(m.replaceAll("jwt=[^&\\s\"]+", "jwt=…"));
      }
    }
    if (!problems.isEmpty()) {
      fail(name + ": console problems:\n" + String.join("\n", problems));
    }
  }

  /**
   * Gives the pages this browser opens from now on the call page's test controls ({@code window.__konsilTest
   * .dropSignaling()}, {@code .restartIce()}): the page hands them out only when this object exists before it loads,
   * which only a test harness (through the DevTools protocol) can arrange. Users' pages have no such handles.
   */
  public Browser testHooks() {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "window.__konsilTest = {};"));
    return this;
  }

  /**
   * Like {@link #testHooks()}, and the call page sends only its 127.0.0.1 candidates to the media server: tests may
   * send media only to loopback addresses (Janus listens on 127.0.0.2, infra/janus/loopback-ice.sh).
   */
  public Browser sfuLoopbackOnly() {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__konsilTest = Object.assign(window.__konsilTest || {}, { sfuLoopbackOnly: true });"));
    return this;
  }

  /** Runs a promise-returning page expression and returns its value. */
  public Object async(String expression) {
    return driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "Promise.resolve().then(() => " + expression + ").then(done, (e) => done({ error: String(e) }));");
  }

  /** Counts getUserMedia calls in {@code window.__gumCalls} on every page opened from now on. */
  public Browser countCameraRequests() {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__gumCalls = 0; if (navigator.mediaDevices) { const g = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);"
            + " navigator.mediaDevices.getUserMedia = (c) => { window.__gumCalls += 1; return g(c); }; }"));
    return this;
  }

  /**
   * Runs the axe-core accessibility engine (WCAG A/AA rules and best practices, axe's defaults) on what the page shows
   * now and fails on any violation, naming the rule and the elements.
   */
  public void assertAccessible(String screen) {
    // axe is half a megabyte of script: on a loaded machine (several browsers decoding video) it needs more than the
    // default script timeout to arrive and run.
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
    long started = System.nanoTime();
    Results results;
    try {
      // Legacy mode runs axe in the page itself; the default opens a blank tab to finish, which a renderer busy with
      // three video calls answers too slowly. Frames are not analysed (the IFrame API's portal is not ours).
      results = new AxeBuilder().setLegacyMode(true).disableIframeTesting().analyze(driver);
    } finally {
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }
    System.out.printf("axe on %s (%s): %d ms%n", screen, name, (System.nanoTime() - started) / 1_000_000);
    if (results.getErrorMessage() != null) {
      fail(name + ": axe could not run on " + screen + ": " + results.getErrorMessage());
    }
    List<Rule> violations = results.getViolations();
    if (!violations.isEmpty()) {
      StringBuilder b = new StringBuilder(name + ": " + violations.size() + " accessibility violation(s) on " + screen + ":");
      for (Rule r : violations) {
        b.append("\n- ").append(r.getId()).append(" (").append(r.getImpact()).append("): ").append(r.getHelp());
        for (CheckedNode n : r.getNodes()) {
          b.append("\n    ").append(n.getTarget()).append(" ").append(n.getFailureSummary() == null ? ""
              : n.getFailureSummary().replace('\n', ' '));
        }
      }
      fail(b.toString());
    }
  }

  /** Answers the open confirmation dialog (Turn away, End for all, leave) with its confirming button. */
  public Browser confirm() {
    find("dialog#confirm-dialog[open]");
    click("#confirm-yes");
    return this;
  }

  public Browser resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    return this;
  }

  /** Saves what the user sees now as NAME.png in {@link #SCREENSHOTS}. */
  public void screenshot(String file) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(file + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    chromium.close(); // quits the browser and deletes its profile
  }
}
