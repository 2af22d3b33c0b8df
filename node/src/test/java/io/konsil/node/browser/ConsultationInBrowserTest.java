package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.FreePort;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Real headless Chromium (fake camera and microphone) against a real node with demo data: booking, pre-join, the
 * waiting room, the agenda's push alerts, admission, WebRTC media between browsers, chat, mute, invitations, a
 * signaling drop, the Jitsi-shaped IFrame API, and axe-core on every main screen. Screenshots of the main screens go to
 * target/screenshots (or -Dkonsil.screenshots).
 */
class ConsultationInBrowserTest {
  static final Duration RESUME_GRACE = Duration.ofSeconds(4);
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static Vertx vertx;
  private static KonsilNode node;
  static String base;
  static KonsilRest rest;

  @BeforeAll
  static void start() throws Exception {
    // Never skipped: a browser suite that silently skips would hide a broken client. infra/test.sh installs both.
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    vertx = Vertx.vertx();
    node = KonsilNode.start(vertx, testNode(FreePort.find())).await();
    base = node.baseUrl();
    rest = new KonsilRest(base);
  }

  /** Demo data; any booked slot can be joined at once; a short resume grace; 127.0.0.1 may embed localhost. */
  static KonsilConfig testNode(int port) {
    KonsilConfig defaults = KonsilConfig.defaults(port, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    KonsilConfig.Signaling s = defaults.signaling();
    return defaults.withBooking(new KonsilConfig.Booking(defaults.booking().holdTtl(), Duration.ofDays(15),
            defaults.booking().joinGrace(), defaults.booking().slotHorizonDays()))
        // A short resume grace, so that a reconnect after the grace can be tested in seconds.
        // The IFrame API test embeds from http://127.0.0.1:PORT, a different origin than http://localhost:PORT.
        .withEmbedOrigins(List.of("http://127.0.0.1:" + port))
        .withSignaling(new KonsilConfig.Signaling(s.maxParticipants(), s.maxFrameBytes(), s.messagesPerSecond(),
            s.messageBurst(), s.maxConnectionsPerToken(), s.idleTimeout(), RESUME_GRACE, s.chatHistory(),
            s.allowedOrigins(), s.perMessageDeflate()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** Opens a call link and goes through the pre-join screen with the defaults. */
  static void join(Browser b, String url) {
    b.open(url);
    b.click("#prejoin-join");
    // On a loaded machine a click can land before the pre-join form is ready; a person would press Join again.
    String stillThere = "!!window.__konsil && !!window.__konsil.state && window.__konsil.state().phase === 'prejoin'"
        + " && !!document.querySelector('#prejoin-join')";
    for (int i = 0; i < 3; i++) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!b.jsTrue(stillThere)) {
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      b.click("#prejoin-join");
    }
  }

  /** The patient waits in the lobby, the GP opens the call and admits them there; returns once video flows both ways. */
  static void admittedInsideTheCall(Browser patient, Browser gp, String patientJwt, String gpJwt, String appointmentId) {
    join(patient, rest.callUrl(rest.join(patientJwt, appointmentId)));
    patient.find("#lobby-position");
    join(gp, rest.callUrl(rest.join(gpJwt, appointmentId)));
    gp.click("#knocks .knock button.admit");
    patient.waitForRemoteVideos(1);
    gp.waitForRemoteVideos(1);
  }

  static String clock(String isoStart) {
    return OffsetDateTime.parse(isoStart).atZoneSameInstant(OSLO).format(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT));
  }

  @Test
  void patientBooksJoinsFromPreJoinWaitsAndTalksWithTheGpAlertedOnTheAgenda() {
    try (Browser patient = Chromium.launch("patient", 1280, 860); Browser gp = Chromium.launch("gp", 1280, 860)) {
      // Search the earliest GP slot across the network and hold it.
      patient.open(base + "/?demo=patient-aisha");
      patient.find("#search-form");
      patient.select("#f-specialty", "general-practice");
      patient.select("#f-hospital", "SLK");
      patient.click("#search-submit");
      patient.waitJs("slots for general practice", "document.querySelectorAll('#slot-list li').length > 0"
          + " && !document.querySelector('#results [role=status]')");
      patient.find("#waiting-times table");
      lookAtOnDesktopAndPhone(patient, "search", "search");
      patient.click("#slot-list li:first-child button.book");
      String slotId = patient.find("#booking").getAttribute("data-slot-id");
      patient.waitJs("the confirm panel has the focus", "document.activeElement.id === 'booking-title'");
      patient.screenshot("booking");
      patient.assertAccessible("confirm booking");

      // A language switch loses nothing: the held slot stays in view with its filters.
      patient.select("#lang", "nb");
      patient.waitJs("confirm panel in Norwegian", "document.querySelector('#booking-title').textContent === 'Bekreft timen'");
      assertEquals(slotId, patient.find("#booking").getAttribute("data-slot-id"));
      assertEquals("general-practice", patient.js("return document.querySelector('#f-specialty').value"));
      patient.select("#lang", "en");
      patient.find("#booking[data-slot-id='" + slotId + "']");
      // "Choose another time" gives the hold back: the time is listed (free) again at once.
      patient.click("#choose-another");
      patient.find("#slot-list li[data-slot-id='" + slotId + "'] button.book");
      patient.click("#slot-list li[data-slot-id='" + slotId + "'] button.book");
      patient.click("#confirm-booking");
      WebElement booked = patient.find("#booked");
      patient.waitJs("the booked confirmation has the focus", "document.activeElement.id === 'booked-title'");
      String appointmentId = booked.getAttribute("data-appointment-id");
      String clinicianId = booked.getAttribute("data-clinician-id");
      String start = booked.getAttribute("data-start");
      String date = start.substring(0, 10);

      // My appointments says when the call can be joined.
      patient.click("#to-appointments");
      String appt = "li[data-appointment-id='" + appointmentId + "']";
      String when = patient.text(appt + " .when");
      assertTrue(when.startsWith("Starts") || when.startsWith("Started"), when);
      patient.screenshot("appointments");
      patient.assertAccessible("my appointments");

      // The thorough device check, on its own page.
      patient.click("nav a[href='#/check']");
      patient.waitJs("camera and microphone checked",
          "document.querySelector('[data-check=camera] .badge').dataset.result === 'ok'"
              + " && document.querySelector('#preview').videoWidth > 0");
      patient.waitJs("signaling reachable", "document.querySelector('.badge[data-check=signaling]').dataset.result === 'ok'");
      // Chromium's fake microphone beeps: the level meter must see it.
      patient.waitJs("microphone heard", "document.querySelector('.badge[data-check=microphone]').dataset.result === 'ok'");
      patient.screenshot("device-check");
      patient.assertAccessible("device check");

      // The GP's agenda is open before the patient arrives: the knock comes by push.
      gp.open(base + "/?demo=" + clinicianId + "#/agenda?date=" + date);
      String row = "#agenda li[data-appointment-id='" + appointmentId + "']";
      gp.find(row + "[data-presence='not-arrived']");
      gp.find("#agenda-live[data-state='connected']");

      // Join from My appointments: the pre-join screen first.
      patient.click("nav a[href='#/appointments']");
      patient.click(appt + " button.join");
      patient.find("#prejoin-form");
      patient.waitJs("preview playing", "document.querySelector('#prejoin-preview').videoWidth > 0");
      patient.waitJs("devices listed", "document.querySelector('#prejoin-camera').options.length > 0");
      assertEquals("Aisha Khan", patient.js("return document.querySelector('#prejoin-name').value"));
      patient.screenshot("prejoin");
      patient.assertAccessible("pre-join");
      patient.click("#prejoin-join");

      // The waiting room says who and when; the heading takes the focus.
      patient.find("#lobby-position");
      assertEquals("1", patient.text("#lobby-position"));
      patient.waitJs("the lobby has the focus", "document.activeElement.id === 'lobby-title'");
      String clinicianName = rest.clinicianName(clinicianId);
      patient.waitJs("the clinician named", "document.querySelector('#lobby-who').textContent.includes(" + jsString(clinicianName) + ")");
      assertTrue(patient.text("#lobby-when").contains(clock(start)), patient.text("#lobby-when"));
      assertFalse(patient.present("#btn-share") || patient.present("#chat-input"), "nothing that does not work while waiting");
      assertFalse(patient.driver().getPageSource().contains(rest.join(rest.signIn("patient-aisha"), appointmentId)
          .getString("room")), "no room id shown");

      // The agenda raises the alert within a second of the knock, without polling.
      gp.find(row + "[data-presence='in-lobby']");
      long knockToAlert = ((Number) gp.js("return Number(document.querySelector('#knock-alert').dataset.raisedAt)")).longValue()
          - ((Number) patient.js("return window.__konsil.state().lobbyAt")).longValue();
      System.out.printf("figure: patient enters the waiting room → alert on the agenda: %d ms%n", knockToAlert);
      assertTrue(knockToAlert < 1000, "alert after " + knockToAlert + " ms");
      assertTrue(gp.driver().getTitle().contains("Aisha Khan"), gp.driver().getTitle());
      assertEquals(1L, gp.js("return performance.getEntriesByType('resource')"
          + ".filter(e => e.name.includes('/api/v1/agenda?')).length"), "the agenda was read once, not polled");
      gp.find(row + " .waited");
      gp.screenshot("agenda");
      gp.assertAccessible("agenda with a patient waiting");

      // A message from the agenda to the waiting room.
      gp.click(row + " button.message");
      gp.type(row + " input.lobby-message-input", "Running five minutes late, sorry" + Keys.ENTER);
      patient.waitJs("the message in the lobby", "document.querySelector('#lobby-message').textContent.includes('Running five minutes late')");
      patient.screenshot("lobby");
      patient.assertAccessible("waiting room");
      patient.select("#lang", "nb");
      patient.waitJs("lobby in Norwegian", "document.querySelector('#lobby-title').textContent === 'Du er i venterommet'");
      patient.screenshot("lobby-nb");
      patient.select("#lang", "en");

      // "Let in" opens the call and admits them.
      long admitAt = System.nanoTime();
      gp.click(row + " button.admit");
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);
      System.out.printf("figure: agenda 'Let in' click → both sides decoding video: %d ms%n",
          (System.nanoTime() - admitAt) / 1_000_000);
      System.out.println("the GP's call page, ms since it started loading: " + gp.js("return JSON.stringify(window.__konsil.state().marks)"));
      assertEquals("in-call", patient.js("return window.__konsil.state().phase"));
      assertEquals("Video consultation with " + clinicianName, patient.text("#call-title"));

      // Chat both ways; names and text arrive as text.
      patient.type("#chat-input", "Hei, jeg hører deg <b>fint</b>");
      patient.click("#chat-send");
      gp.waitJs("patient's chat line", "[...document.querySelectorAll('#chat-log .text')]"
          + ".some(e => e.textContent === 'Hei, jeg hører deg <b>fint</b>')");
      assertTrue(gp.driver().findElements(By.cssSelector("#chat-log b")).isEmpty(), "chat text is never HTML");
      // The reply goes by keyboard only: type and press Enter.
      gp.type("#chat-input", "Fint, da begynner vi" + Keys.ENTER);
      patient.waitJs("GP's chat line", "[...document.querySelectorAll('#chat-log .text')].some(e => e.textContent === 'Fint, da begynner vi')");

      // Mute is one state: the name stays, aria-pressed tells; the other side sees it.
      String patientId = (String) patient.js("return window.__konsil.state().participantId");
      patient.click("#btn-mic");
      assertEquals("true", patient.find("#btn-mic").getAttribute("aria-pressed"));
      assertEquals("Mute", patient.text("#btn-mic .txt"));
      gp.find(".tile.remote[data-participant='" + patientId + "'][data-audio-muted='true'] .mic");
      gp.find("#people li[data-participant='" + patientId + "'][data-audio-muted='true']");
      gp.waitJs("quality measured", "document.querySelector('#quality').dataset.level !== 'unknown'");
      gp.screenshot("call");
      assertSelfViewBesideRemotes(gp);
      assertEquals(Boolean.TRUE, gp.js("return " + FITTED), "remote video fitted on the desktop too");
      gp.assertAccessible("call with two");
      assertTabOrderFollowsTheLayout(gp);

      // On a phone: the remote picture fitted (not cropped), the self view beside it, one row of 44 px buttons.
      patient.resize(390, 844);
      patient.waitForRemoteVideos(1);
      patient.waitJs("remote tile fitted to its picture", FITTED);
      patient.screenshot("call-mobile");
      assertPhoneLayout(patient);
      patient.assertAccessible("call (phone)");

      // Hang up: the patient leaves, the GP's call shows nobody else.
      patient.click("#btn-hangup");
      patient.find("#end-screen[data-kind='left']");
      gp.waitJs("patient gone", "document.querySelectorAll('video.remote-video').length === 0"
          + " && window.__konsil.state().participants.length === 0");
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
  }

  /** The remote tile's rendered box has the proportions of the picture it shows. */
  static final String FITTED = "(() => { const v = document.querySelector('video.remote-video'); if (!v || !v.videoWidth) return false;"
      + " const r = v.getBoundingClientRect(); return r.width > 0 && Math.abs(r.width / r.height - v.videoWidth / v.videoHeight) < 0.02; })()";

  /** Your own picture covers nobody's. */
  static void assertSelfViewBesideRemotes(Browser b) {
    assertEquals(Boolean.FALSE, b.js("const s = document.querySelector('#self-tile').getBoundingClientRect();"
        + " return [...document.querySelectorAll('.tile.remote')].some(t => { const a = t.getBoundingClientRect();"
        + " return a.left < s.right && s.left < a.right && a.top < s.bottom && s.top < a.bottom; });"), "the self view covers a remote");
  }

  static void assertPhoneLayout(Browser b) {
    assertEquals(Boolean.TRUE, b.js("return " + FITTED), "remote video fitted, not cropped");
    assertSelfViewBesideRemotes(b);
    Object rows = b.js("return new Set([...document.querySelectorAll('#controls button')].filter(x => x.offsetParent)"
        + ".map(x => Math.round(x.getBoundingClientRect().top))).size");
    assertEquals(1L, rows, "controls in one row");
    assertEquals(Boolean.TRUE, b.js("return [...document.querySelectorAll('#controls button')].filter(x => x.offsetParent)"
        + ".every(x => { const r = x.getBoundingClientRect(); return r.width >= 44 && r.height >= 44 && x.textContent.trim().length > 0; })"),
        "labelled controls of at least 44 px");
  }

  /** Every button, link in navigation and form control in {@code scope} is at least 44 px tall. */
  /**
   * A screen as people see it on a 1280 × 860 desktop and on a phone: a screenshot of each ({@code file}, {@code
   * file-mobile}), axe on each, touch targets of at least 44 px on the phone; back at the desktop size afterwards.
   */
  static void lookAtOnDesktopAndPhone(Browser b, String file, String screen) {
    b.screenshot(file);
    b.assertAccessible(screen);
    b.resize(390, 844);
    b.screenshot(file + "-mobile");
    b.assertAccessible(screen + " (phone)");
    assertTouchTargets(b, "header, main");
    b.resize(1280, 860);
  }

  static void assertTouchTargets(Browser b, String scope) {
    Object small = b.js("return [...document.querySelectorAll(arguments[0].split(',').map(s => s.trim() + ' :is(button, select, input:not([type=checkbox]), nav a, a.button)').join(','))]"
        + ".filter(x => x.offsetParent && x.getBoundingClientRect().height < 44)"
        + ".map(x => (x.id || x.tagName) + ' ' + Math.round(x.getBoundingClientRect().height))", scope);
    assertEquals(List.of(), small, "touch targets under 44 px");
  }

  /** Tab order on the call page follows what the eye reads: down the page, and left to right within a row. */
  static void assertTabOrderFollowsTheLayout(Browser b) {
    Object backwards = b.js("const f = [...document.querySelectorAll('#call :is(button, input, select, a[href])')]"
        + ".filter(x => x.offsetParent && !x.disabled);"
        + " const out = []; for (let i = 1; i < f.length; i++) { const a = f[i - 1].getBoundingClientRect(), c = f[i].getBoundingClientRect();"
        + " if (c.top < a.top - 2 && c.left < a.left) out.push((f[i - 1].id || f[i - 1].className) + ' → ' + (f[i].id || f[i].className)); }"
        + " return out;");
    assertEquals(List.of(), backwards, "focus jumps back up and left");
  }

  static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Test
  void aSpecialistAndAnInterpreterInvitedMidCallMakeItAThreeThenFourWayVideoCall() {
    String patientJwt = rest.signIn("patient-lars");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "BLS");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    try (Browser patient = Chromium.launch("patient", 1000, 700);
        Browser gp = Chromium.launch("gp", 1280, 860);
        Browser specialist = Chromium.launch("specialist", 1000, 700)) {
      // Admit inside the call this time.
      admittedInsideTheCall(patient, gp, patientJwt, gpJwt, appointment.getString("id"));

      gp.click("#btn-invite");
      gp.select("#invite-role", "specialist");
      gp.type("#invite-name", "Dr. Kardio");
      gp.click("#invite-create");
      String invite = gp.waitFor("invite link", () -> {
        Object v = gp.js("const e = document.querySelector('#invite-url'); return e ? e.value : null");
        return v == null || String.valueOf(v).isEmpty() ? null : String.valueOf(v);
      });
      assertTrue(invite.startsWith(base + "/"), invite);

      join(specialist, invite);
      specialist.waitForRemoteVideos(2);
      gp.waitForRemoteVideos(2);
      patient.waitForRemoteVideos(2);
      gp.waitJs("specialist listed with role", "!!document.querySelector('#people li[data-role=specialist]')");
      gp.screenshot("call-three-way");
      assertSelfViewBesideRemotes(gp);
      gp.assertAccessible("call with three");

      // A fourth: an interpreter waits in the lobby until the GP lets them in (mesh of four).
      gp.select("#invite-role", "interpreter");
      gp.type("#invite-name", "Tolk Amina");
      gp.js("document.querySelector('#invite-url').value = ''");
      gp.click("#invite-create");
      String interpreterInvite = gp.waitFor("interpreter link", () -> {
        Object v = gp.js("const e = document.querySelector('#invite-url'); return e ? e.value : null");
        return v == null || String.valueOf(v).isEmpty() ? null : String.valueOf(v);
      });
      try (Browser interpreter = Chromium.launch("interpreter", 800, 600)) {
        join(interpreter, interpreterInvite);
        interpreter.find("#lobby-position");
        gp.click("#knocks .knock button.admit");
        interpreter.waitForRemoteVideos(3);
        gp.waitForRemoteVideos(3);
        patient.waitForRemoteVideos(3);
        specialist.waitForRemoteVideos(3);
        gp.screenshot("call-four-way");
        interpreter.assertCleanConsole();
      }

      // "End for all" asks first (the safe choice has the focus), then ends the consultation for everybody.
      gp.click("#btn-end");
      gp.find("dialog#confirm-dialog[open]");
      assertEquals("confirm-no", gp.js("return document.activeElement.id"));
      gp.click("#confirm-no");
      assertEquals("in-call", patient.js("return window.__konsil.state().phase"), "cancel ends nothing");
      gp.click("#btn-end");
      gp.confirm();
      patient.find("#end-screen[data-kind='ended']");
      specialist.find("#end-screen[data-kind='ended']");
      gp.find("#end-screen[data-kind='ended-by-me']");
      // The ended call shows it ended; no Rejoin that would fail, but the one thing that helps.
      assertFalse(gp.present("#controls") || gp.present("#count"), "no live controls after the end");
      assertEquals(base + "/#/search", patient.find("#end-action").getAttribute("href"));
      patient.assertAccessible("consultation ended");
      specialist.assertCleanConsole();
    }
  }

  @Test
  void aDroppedSignalingConnectionRecoversWithoutReadmissionAndIceRestartsSettle() {
    String patientJwt = rest.signIn("patient-sofie");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "SLK");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    try (Browser patient = Chromium.launch("patient", 1000, 700).testHooks();
        Browser gp = Chromium.launch("gp", 1000, 700).testHooks()) {
      admittedInsideTheCall(patient, gp, patientJwt, gpJwt, appointment.getString("id"));
      String before = (String) patient.js("return window.__konsil.state().participantId");

      patient.js("window.__konsilTest.dropSignaling()");
      patient.waitJs("reconnecting state seen", "window.__konsil.state().signalingHistory.includes('reconnecting')");
      patient.waitJs("signaling back", "window.__konsil.state().signaling === 'connected'");
      gp.waitJs("GP sees the patient connected again",
          "window.__konsil.state().participants.some(p => p.id === '" + before + "' && p.state === 'in-call')");

      System.out.printf("figure: signaling drop → resumed: %s ms%n", patient.js(
          "const t = window.__konsil.state().signalingTimeline; const d = t.findLast(x => x.state === 'reconnecting');"
              + " const c = t.findLast(x => x.state === 'connected'); return Math.round(c.at - d.at)"));
      assertEquals(before, patient.js("return window.__konsil.state().participantId"), "same participant after resume");
      assertEquals("in-call", patient.js("return window.__konsil.state().phase"), "never back in the lobby");
      assertTrue(gp.driver().findElements(By.cssSelector("#knocks .knock")).isEmpty(), "nobody had to admit again");
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);

      // Both sides restart ICE at the same moment (offer glare): perfect negotiation settles it, media continues.
      String ufragBefore = (String) patient.js("return window.__konsil.state().peers[0].iceUfrag");
      patient.js("window.__konsilTest.restartIce()");
      gp.js("window.__konsilTest.restartIce()");
      String settled = "window.__konsil.state().peers.every(p => p.signalingState === 'stable' && p.connectionState === 'connected')";
      patient.waitJs("ICE restarted on the patient's side", settled
          + " && window.__konsil.state().peers[0].iceUfrag !== '" + ufragBefore + "'");
      gp.waitJs("GP settled after the ICE restart", settled);
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);

      // Signaling works after the resume: chat still flows both ways.
      patient.type("#chat-input", "Er jeg tilbake?");
      patient.click("#chat-send");
      gp.waitJs("chat after resume", "[...document.querySelectorAll('#chat-log .text')].some(e => e.textContent === 'Er jeg tilbake?')");
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
  }

  @Test
  void cliniciansReferAPatientOfTheirOwnAndASpecialistAcceptsASecondOpinionAndJoinsItsRoom() {
    try (Browser b = Chromium.launch("clinician", 1200, 900)) {
      // The first Tab reaches the skip link.
      b.open(base + "/");
      b.find(".users button.demo-user");
      new Actions(b.driver()).sendKeys(Keys.TAB).perform();
      assertEquals("skip", b.js("return document.activeElement.className"));
      b.screenshot("signin");
      b.assertAccessible("sign-in");

      b.open(base + "/?demo=gp-hansen#/referrals");
      b.find("#referral-form");
      // The patient is one of the GP's own; the specialty starts unchosen; the deadline follows the priority.
      b.waitJs("the GP's patients listed", "[...document.querySelectorAll('#ref-patient option')].some(o => o.value === 'patient-kari')");
      assertEquals("", b.js("return document.querySelector('#ref-specialty').value"));
      assertEquals(LocalDate.now(OSLO).plusDays(84).toString(), b.js("return document.querySelector('#ref-deadline').value"));
      b.select("#ref-patient", "patient-kari");
      b.select("#ref-specialty", "dermatology");
      b.select("#ref-priority", "urgent");
      assertEquals(LocalDate.now(OSLO).plusDays(14).toString(), b.js("return document.querySelector('#ref-deadline').value"));
      b.type("#ref-question", "Uregelmessig føflekk på ryggen – vurdering?");
      b.assertAccessible("referrals");
      b.click("#ref-submit");
      b.find("#referral-form .notice.ok");
      b.waitJs("the new referral listed", "[...document.querySelectorAll('#referrals li')]"
          + ".some(li => li.textContent.includes('Uregelmessig føflekk') && li.querySelector('[data-status=received]'))");
      b.screenshot("referrals");

      // The GP's own second-opinion request is in the list as theirs, with nothing to accept.
      b.click("nav a[href='#/opinions']");
      String row = "#opinions li[data-opinion-id='so-demo-open']";
      b.find(row + "[data-mine='true']");
      assertFalse(b.present(row + " button.accept"), "no Accept on one's own request");

      b.open(base + "/?demo=spec-ous-cardiology#/opinions");
      b.click(row + "[data-mine='false'] button.accept");
      b.find(row + "[data-status='accepted'] button.join");
      b.screenshot("second-opinions");
      b.assertAccessible("second opinions");
      b.click(row + " button.join");
      b.click("#prejoin-join");
      b.waitJs("in the second-opinion room", "window.__konsil && window.__konsil.state().phase === 'in-call'"
          + " && window.__konsil.state().me.moderator");
      b.assertCleanConsole();
    }
  }

  @Test
  void aReconnectAfterTheResumeGraceRejoinsAsANewParticipantWithoutTheLobby() {
    String patientJwt = rest.signIn("patient-sofie");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "BLS");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    try (Browser patient = Chromium.launch("patient", 900, 650).testHooks(); Browser gp = Chromium.launch("gp", 900, 650)) {
      admittedInsideTheCall(patient, gp, patientJwt, gpJwt, appointment.getString("id"));
      String before = (String) patient.js("return window.__konsil.state().participantId");
      // Without a test harness, a page has no test controls.
      assertEquals(Boolean.TRUE, gp.js("return window.__konsilTest === undefined && !('dropSignaling' in window.__konsil)"));

      // Offline for longer than the grace: the server lets the old participant go.
      patient.js("window.__konsilTest.dropSignaling(arguments[0])", RESUME_GRACE.toMillis() + 2500);
      gp.waitJs("the old participant left after the grace", "window.__konsil.state().participants.length === 0");
      patient.waitJs("back in the call as a new participant", "window.__konsil.state().phase === 'in-call'"
          + " && window.__konsil.state().signaling === 'connected' && window.__konsil.state().participantId !== '" + before + "'");
      assertTrue(gp.driver().findElements(By.cssSelector("#knocks .knock")).isEmpty(), "admitted once: no lobby again");
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
  }

  @Test
  void aPatientCancelsABookingAndTheSlotIsFreeAtOnce() {
    String patientJwt = rest.signIn("patient-kari");
    JsonObject appointment = rest.bookEarliest(patientJwt, "dermatology", "OUS");
    try (Browser patient = Chromium.launch("patient", 1000, 800)) {
      patient.open(base + "/?demo=patient-kari#/appointments");
      String row = "#appointments li[data-appointment-id='" + appointment.getString("id") + "']";
      patient.click(row + " button.cancel");
      patient.click(row + " button.confirm-cancel");
      patient.find("#appointments li[data-appointment-id='" + appointment.getString("id") + "'][data-status='cancelled']");
      assertEquals(appointment.getString("slotId"), rest.earliestSlotId(patientJwt, "dermatology", "OUS"),
          "the cancelled slot is the earliest free one again");
      patient.assertCleanConsole();
    }
  }

  @Test
  void theDeviceCheckExplainsABlockedCameraInPlainLanguage() {
    try (Browser patient = Chromium.launch("patient", 1000, 800, false)) {
      patient.open(base + "/?demo=patient-jonas#/check");
      patient.find("[data-check=camera] .badge[data-result='fail']");
      String fix = patient.text("li[data-check=camera] .fix");
      assertTrue(fix.contains("blocked the camera") && fix.contains("Allow"), fix);
      patient.find("[data-check=signaling] .badge[data-result='ok']");
      patient.screenshot("device-check-blocked");
      patient.assertAccessible("device check (blocked)");
      patient.assertCleanConsole();
    }
  }

  @Test
  void theGpTurnsAWaitingPatientAwayFromTheAgendaAfterConfirming() {
    String patientJwt = rest.signIn("patient-ola");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "SLK");
    String date = appointment.getString("start").substring(0, 10);
    try (Browser patient = Chromium.launch("patient", 1000, 700); Browser gp = Chromium.launch("gp", 1000, 700)) {
      join(patient, rest.callUrl(rest.join(patientJwt, appointment.getString("id"))));
      patient.find("#lobby-position");
      gp.open(base + "/?demo=" + appointment.getString("clinicianId") + "#/agenda?date=" + date);
      String row = "#agenda li[data-appointment-id='" + appointment.getString("id") + "']";
      gp.click(row + "[data-presence='in-lobby'] button.deny");
      gp.find("dialog#confirm-dialog[open]");
      assertEquals("confirm-no", gp.js("return document.activeElement.id"), "the safe choice has the focus");
      gp.assertAccessible("confirm turning a patient away");
      gp.confirm();
      patient.find("#end-screen[data-kind='denied'][role='alert']");
      assertEquals("denied", patient.js("return window.__konsil.state().phase"));
      gp.find(row + ":not([data-presence='in-lobby'])");
      assertTrue(gp.driver().getCurrentUrl().contains("#/agenda"), "the GP stays on the agenda");
      patient.assertAccessible("turned away");
      gp.assertCleanConsole();
    }
  }

  @Test
  void theIframeApiExamplePageDrivesACallAndDisposeRemovesTheFrameAtOnce() {
    String patientJwt = rest.signIn("patient-jonas");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "BLS");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    JsonObject gpJoin = rest.join(gpJwt, appointment.getString("id"));
    try (Browser portal = Chromium.launch("portal", 1280, 1000); Browser patient = Chromium.launch("patient", 1000, 700)) {
      // The portal is another origin (127.0.0.1 vs localhost): framing and messages pass only because that origin is
      // in --embed-origins.
      String portalBase = base.replace("localhost", "127.0.0.1");
      portal.open(portalBase + "/embed-example.html?domain=" + base + "&room=" + gpJoin.getString("room")
          + "&jwt=" + gpJoin.getString("jwt") + "&name=" + "Dr.%20Portal");
      portal.click("#start-call");
      portal.find("#events li[data-event='videoConferenceJoined']");

      join(patient, rest.callUrl(rest.join(patientJwt, appointment.getString("id"))));
      patient.find("#lobby-position");
      WebElement frame = portal.find("#meet iframe");
      portal.driver().switchTo().frame(frame);
      portal.click("#knocks .knock button.admit");
      portal.waitForRemoteVideos(1);
      portal.driver().switchTo().defaultContent();
      portal.find("#events li[data-event='participantJoined']");
      patient.waitForRemoteVideos(1);
      String gpName = (String) patient.js("return window.__konsil.state().participants[0].name");
      assertEquals("Dr. Portal", gpName, "userInfo.displayName reaches the other side");

      portal.click("button[data-command='toggleAudio']");
      portal.waitJs("mute event", "[...document.querySelectorAll('#events li[data-event=audioMuteStatusChanged]')]"
          + ".some(e => e.textContent.includes('\"muted\":true'))");
      patient.find(".tile.remote[data-audio-muted='true']");
      portal.click("button[data-command='toggleVideo']");
      portal.waitJs("camera event", "[...document.querySelectorAll('#events li[data-event=videoMuteStatusChanged]')]"
          + ".some(e => e.textContent.includes('\"muted\":true'))");
      patient.find(".tile.remote[data-video-muted='true']");
      portal.click("button[data-command='toggleShareScreen']");
      portal.waitJs("screen sharing event", "[...document.querySelectorAll('#events li[data-event=screenSharingStatusChanged]')]"
          + ".some(e => e.textContent.includes('\"on\":true'))");
      patient.find("#people li[data-role='gp'] .badge.ok");
      portal.screenshot("embed-example");

      portal.click("button[data-command='hangup']");
      portal.find("#events li[data-event='videoConferenceLeft']");
      portal.find("#events li[data-event='readyToClose']");
      patient.waitJs("the portal user left", "window.__konsil.state().participants.length === 0");
      List<WebElement> events = portal.driver().findElements(By.cssSelector("#events li"));
      assertTrue(events.size() >= 6, "events logged: " + events.size());

      // Again, and this time the portal disposes of the call: the frame is gone in the same task, as in Jitsi, and the
      // others see the portal user leave (not "reconnecting" for the grace period).
      portal.click("#start-call");
      portal.waitJs("joined again", "document.querySelectorAll('#events li[data-event=videoConferenceJoined]').length === 2");
      patient.waitJs("the portal user back", "window.__konsil.state().participants.length === 1");
      long disposedAt = System.nanoTime();
      assertEquals(Boolean.TRUE, portal.js("window.konsilApi.dispose(); return document.querySelector('#meet iframe') === null"),
          "dispose() removes the iframe synchronously");
      patient.waitJs("the portal user left at once", "window.__konsil.state().participants.length === 0");
      long leftAfter = (System.nanoTime() - disposedAt) / 1_000_000;
      assertTrue(leftAfter < RESUME_GRACE.toMillis(), "left after " + leftAfter + " ms: a goodbye, not a timeout");
      assertFalse(patient.jsTrue("window.__konsil.state().participants.some(p => p.state === 'reconnecting')"));
      portal.assertCleanConsole();
    }
  }
}
