package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.FreePort;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Real headless Chromium (fake camera and microphone) against a real node with demo data: booking, lobby, admission,
 * WebRTC media between browsers, chat, mute, invitations, a signaling drop, and the Jitsi-shaped IFrame API.
 * Screenshots of the main screens go to docs/screenshots/.
 */
class ConsultationInBrowserTest {
  private static final Duration RESUME_GRACE = Duration.ofSeconds(4);
  private static Vertx vertx;
  private static KonsilNode node;
  private static String base;
  private static KonsilRest rest;

  @BeforeAll
  static void start() throws Exception {
    // Never skipped: a browser suite that silently skips would hide a broken client. infra/test.sh installs both.
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    vertx = Vertx.vertx();
    int port = FreePort.find();
    KonsilConfig defaults = KonsilConfig.defaults(port, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    // Any booked slot is joinable at once, so that tests need not wait for a slot's time to come.
    KonsilConfig.Signaling s = defaults.signaling();
    KonsilConfig config = defaults.withBooking(new KonsilConfig.Booking(defaults.booking().holdTtl(), Duration.ofDays(15),
        defaults.booking().joinGrace(), defaults.booking().slotHorizonDays()))
        // A short resume grace, so that a reconnect after the grace can be tested in seconds.
        // The IFrame API test embeds from http://127.0.0.1:PORT, a different origin than http://localhost:PORT.
        .withEmbedOrigins(List.of("http://127.0.0.1:" + port))
        .withSignaling(new KonsilConfig.Signaling(s.maxParticipants(), s.maxFrameBytes(), s.messagesPerSecond(),
            s.messageBurst(), s.maxConnectionsPerToken(), s.idleTimeout(), RESUME_GRACE, s.chatHistory(),
            s.allowedOrigins(), s.perMessageDeflate()));
    node = KonsilNode.start(vertx, config).await();
    base = node.baseUrl();
    rest = new KonsilRest(base);
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

  /** The patient waits in the lobby, the GP opens the call and admits them there; returns once video flows both ways. */
  private static void admittedInsideTheCall(Browser patient, Browser gp, String patientJwt, String gpJwt, String appointmentId) {
    patient.open(rest.callUrl(rest.join(patientJwt, appointmentId)));
    patient.find("#lobby-position");
    gp.open(rest.callUrl(rest.join(gpJwt, appointmentId)));
    gp.click("#knocks .knock button.admit");
    patient.waitForRemoteVideos(1);
    gp.waitForRemoteVideos(1);
  }

  @Test
  void patientBooksWaitsInLobbyAndTalksWithTheGpWhoAdmitsFromTheAgenda() {
    try (Browser patient = Chromium.launch("patient", 1280, 860); Browser gp = Chromium.launch("gp", 1280, 860)) {
      // Search the earliest GP slot across the network and book it (hold, then book with an Idempotency-Key).
      patient.open(base + "/?demo=patient-aisha");
      patient.find("#search-form");
      patient.select("#f-specialty", "general-practice");
      patient.select("#f-hospital", "SLK");
      patient.click("#search-submit");
      patient.waitJs("slots for general practice", "document.querySelectorAll('#slot-list li').length > 0"
          + " && !document.querySelector('#results [role=status]')");
      patient.find("#waiting-times table");
      patient.screenshot("search");
      patient.resize(390, 844);
      patient.screenshot("search-mobile");
      patient.resize(1280, 860);
      patient.click("#slot-list li:first-child button.book");
      patient.find("#confirm-booking");
      patient.screenshot("booking");
      patient.click("#confirm-booking");
      WebElement booked = patient.find("#booked");
      String appointmentId = booked.getAttribute("data-appointment-id");
      String clinicianId = booked.getAttribute("data-clinician-id");
      String date = booked.getAttribute("data-start").substring(0, 10);

      // My appointments → join → device check → call (lobby).
      patient.click("#to-appointments");
      patient.find("li[data-appointment-id='" + appointmentId + "'] button.join");
      patient.screenshot("appointments");
      patient.click("li[data-appointment-id='" + appointmentId + "'] button.join");
      patient.waitJs("camera and microphone checked",
          "document.querySelector('[data-check=camera] .badge').dataset.result === 'ok'"
              + " && document.querySelector('#preview').videoWidth > 0");
      patient.waitJs("signaling reachable", "document.querySelector('.badge[data-check=signaling]').dataset.result === 'ok'");
      // Chromium's fake microphone beeps: the level meter must see it.
      patient.waitJs("microphone heard", "document.querySelector('.badge[data-check=microphone]').dataset.result === 'ok'");
      patient.screenshot("device-check");
      patient.click("#join-call");
      patient.find("#lobby-position");
      assertEquals("1", patient.text("#lobby-position"));
      patient.screenshot("lobby");
      patient.select("#lang", "nb");
      patient.waitJs("lobby in Norwegian", "document.querySelector('#overlay-title').textContent === 'Du er i venterommet'");
      patient.screenshot("lobby-nb");
      patient.select("#lang", "en");

      // The GP's agenda shows the patient waiting; "Let in" opens the call and admits them.
      gp.open(base + "/?demo=" + clinicianId + "#/agenda?date=" + date);
      String row = "#agenda li[data-appointment-id='" + appointmentId + "']";
      gp.find(row + "[data-presence='in-lobby']");
      gp.screenshot("agenda");
      long admitAt = System.nanoTime();
      gp.click(row + " button.admit");

      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);
      System.out.printf("figure: agenda 'Let in' click → both sides decoding video: %d ms%n",
          (System.nanoTime() - admitAt) / 1_000_000);
      assertEquals("in-call", patient.js("return window.__konsil.state().phase"));

      // Chat both ways; names and text arrive as text.
      patient.type("#chat-input", "Hei, jeg hører deg <b>fint</b>");
      patient.click("#chat-send");
      gp.waitJs("patient's chat line", "[...document.querySelectorAll('#chat-log .text')]"
          + ".some(e => e.textContent === 'Hei, jeg hører deg <b>fint</b>')");
      assertTrue(gp.driver().findElements(By.cssSelector("#chat-log b")).isEmpty(), "chat text is never HTML");
      // The reply goes by keyboard only: type and press Enter.
      gp.type("#chat-input", "Fint, da begynner vi" + Keys.ENTER);
      patient.waitJs("GP's chat line", "[...document.querySelectorAll('#chat-log .text')].some(e => e.textContent === 'Fint, da begynner vi')");

      // Mute shows on the other side.
      String patientId = (String) patient.js("return window.__konsil.state().participantId");
      patient.click("#btn-mic");
      gp.find(".tile.remote[data-participant='" + patientId + "'][data-audio-muted='true'] .mic");
      gp.find("#people li[data-participant='" + patientId + "'][data-audio-muted='true']");
      gp.waitJs("quality measured", "document.querySelector('#quality').dataset.level !== 'unknown'");
      gp.screenshot("call");
      patient.resize(390, 844);
      patient.waitForRemoteVideos(1);
      patient.screenshot("call-mobile");

      // Hang up: the patient leaves, the GP's call shows nobody else.
      patient.click("#btn-hangup");
      patient.find("#overlay[data-kind='call.leftTitle']");
      gp.waitJs("patient gone", "document.querySelectorAll('video.remote-video').length === 0"
          + " && window.__konsil.state().participants.length === 0");
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
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

      specialist.open(invite);
      specialist.waitForRemoteVideos(2);
      gp.waitForRemoteVideos(2);
      patient.waitForRemoteVideos(2);
      gp.waitJs("specialist listed with role", "!!document.querySelector('#people li[data-role=specialist]')");
      gp.screenshot("call-three-way");

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
        interpreter.open(interpreterInvite);
        interpreter.find("#lobby-position");
        gp.click("#knocks .knock button.admit");
        interpreter.waitForRemoteVideos(3);
        gp.waitForRemoteVideos(3);
        patient.waitForRemoteVideos(3);
        specialist.waitForRemoteVideos(3);
        gp.screenshot("call-four-way");
        interpreter.assertCleanConsole();
      }

      // The GP ends the consultation for everybody.
      gp.click("#btn-end");
      patient.find("#overlay[data-kind='call.endedTitle']");
      specialist.find("#overlay[data-kind='call.endedTitle']");
      gp.find("#overlay[data-kind='call.endedTitle']");
      specialist.assertCleanConsole();
    }
  }

  @Test
  void aDroppedSignalingConnectionRecoversWithoutReadmissionAndIceRestartsSettle() {
    String patientJwt = rest.signIn("patient-sofie");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "SLK");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    try (Browser patient = Chromium.launch("patient", 1000, 700); Browser gp = Chromium.launch("gp", 1000, 700)) {
      admittedInsideTheCall(patient, gp, patientJwt, gpJwt, appointment.getString("id"));
      String before = (String) patient.js("return window.__konsil.state().participantId");

      patient.js("window.__konsil.dropSignaling()");
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
      patient.js("window.__konsil.restartIce()");
      gp.js("window.__konsil.restartIce()");
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
  void cliniciansReferAPatientAndASpecialistAcceptsASecondOpinionAndJoinsItsRoom() {
    try (Browser b = Chromium.launch("clinician", 1200, 900)) {
      b.open(base + "/?demo=gp-hansen#/referrals");
      b.find("#referral-form");
      b.type("#ref-patient", "patient-kari");
      b.select("#ref-specialty", "dermatology");
      b.select("#ref-priority", "urgent");
      b.js("document.querySelector('#ref-deadline').value = arguments[0]", java.time.LocalDate.now().plusDays(30).toString());
      b.type("#ref-question", "Uregelmessig føflekk på ryggen – vurdering?");
      b.click("#ref-submit");
      b.find("#referral-form .notice.ok");
      b.waitJs("the new referral listed", "[...document.querySelectorAll('#referrals li')]"
          + ".some(li => li.textContent.includes('Uregelmessig føflekk') && li.querySelector('[data-status=received]'))");
      b.screenshot("referrals");

      b.open(base + "/?demo=spec-ous-cardiology#/opinions");
      String row = "#opinions li[data-opinion-id='so-demo-open']";
      b.click(row + " button.accept");
      b.find(row + "[data-status='accepted'] button.join");
      b.screenshot("second-opinions");
      b.click(row + " button.join");
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
    try (Browser patient = Chromium.launch("patient", 900, 650); Browser gp = Chromium.launch("gp", 900, 650)) {
      admittedInsideTheCall(patient, gp, patientJwt, gpJwt, appointment.getString("id"));
      String before = (String) patient.js("return window.__konsil.state().participantId");

      // Offline for longer than the grace: the server lets the old participant go.
      patient.js("window.__konsil.dropSignaling(arguments[0])", RESUME_GRACE.toMillis() + 2500);
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
      patient.assertCleanConsole();
    }
  }

  @Test
  void theGpTurnsAWaitingPatientAwayFromTheAgenda() {
    String patientJwt = rest.signIn("patient-ola");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "SLK");
    String date = appointment.getString("start").substring(0, 10);
    try (Browser patient = Chromium.launch("patient", 1000, 700); Browser gp = Chromium.launch("gp", 1000, 700)) {
      patient.open(rest.callUrl(rest.join(patientJwt, appointment.getString("id"))));
      patient.find("#lobby-position");
      gp.open(base + "/?demo=" + appointment.getString("clinicianId") + "#/agenda?date=" + date);
      String row = "#agenda li[data-appointment-id='" + appointment.getString("id") + "']";
      gp.click(row + "[data-presence='in-lobby'] button.deny");
      patient.find("#overlay[data-kind='call.deniedTitle']");
      assertEquals("denied", patient.js("return window.__konsil.state().phase"));
      gp.find(row + ":not([data-presence='in-lobby'])");
      assertTrue(gp.driver().getCurrentUrl().contains("#/agenda"), "the GP stays on the agenda");
      gp.assertCleanConsole();
    }
  }

  @Test
  void theIframeApiExamplePageDrivesACall() {
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

      patient.open(rest.callUrl(rest.join(patientJwt, appointment.getString("id"))));
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
      portal.assertCleanConsole();
    }
  }
}
