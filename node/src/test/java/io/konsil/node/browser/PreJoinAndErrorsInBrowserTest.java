package io.konsil.node.browser;

import static io.konsil.node.browser.ConsultationInBrowserTest.clock;
import static io.konsil.node.browser.ConsultationInBrowserTest.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What stops a patient before the waiting room, and the call page's answer to every bad link: each is explained in
 * plain words with the one action that helps, and no camera is opened for a link that does not work.
 */
class PreJoinAndErrorsInBrowserTest {
  private static final TestTokens TOKENS = new TestTokens();
  @RegisterExtension
  static final BrowserTestNode NODE = new BrowserTestNode();

  @Test
  void blockedDevicesStopThePatientBeforeTheWaitingRoomAndContinuingWithoutShowsInTheKnock() {
    KonsilRest rest = NODE.rest();
    String patientJwt = rest.signIn("patient-kari");
    JsonObject appointment = rest.bookEarliest(patientJwt, "general-practice", "SLK");
    String gpJwt = rest.signIn(appointment.getString("clinicianId"));
    // Without the auto-accept flag headless Chromium refuses camera and microphone like a user who clicks "Block".
    try (Browser patient = Chromium.launch("patient", 1100, 800, false); Browser gp = Chromium.launch("gp", 1100, 800)) {
      join(gp, rest.callUrl(rest.join(gpJwt, appointment.getString("id"))));
      gp.find("#call-title");

      patient.open(rest.callUrl(rest.join(patientJwt, appointment.getString("id"))));
      patient.find("#prejoin-problem[role='alert'] #prejoin-retry");
      String explained = patient.text("#prejoin-problem");
      assertTrue(explained.contains("blocks the camera and the microphone") && explained.contains("Allow"), explained);
      assertFalse(patient.find("#prejoin-form").findElement(org.openqa.selenium.By.id("prejoin-join")).isDisplayed(),
          "no Join while the devices are blocked");
      assertEquals("prejoin", patient.js("return window.__konsil.state().phase"));
      assertEquals("idle", patient.js("return window.__konsil.state().signaling"), "not in the waiting room");
      assertTrue(gp.driver().findElements(org.openqa.selenium.By.cssSelector("#knocks .knock")).isEmpty(), "no knock yet");
      patient.screenshot("prejoin-blocked");
      patient.assertAccessible("pre-join (devices blocked)");
      // Try again keeps the person here while the browser still refuses.
      patient.click("#prejoin-retry");
      patient.find("#prejoin-problem[role='alert']");

      // Knowingly continue without: then Join, and the clinician sees the mark in the knock and the list.
      patient.click("#prejoin-continue-without");
      assertTrue(patient.text("#prejoin-without").contains("will not see or hear you"), patient.text("#prejoin-without"));
      patient.click("#prejoin-join");
      patient.find("#lobby-position");
      assertEquals("No camera or microphone", gp.text("#knocks .knock .devices"));
      gp.find("#people li[data-state='lobby'][data-camera='false'][data-microphone='false']");

      // The waiting room names the clinician and the time.
      String clinicianName = rest.clinicianName(appointment.getString("clinicianId"));
      patient.waitJs("the clinician named", "document.querySelector('#lobby-who').textContent.includes("
          + ConsultationInBrowserTest.jsString(clinicianName) + ")");
      assertTrue(patient.text("#lobby-when").contains(clock(appointment.getString("start"))), patient.text("#lobby-when"));
      // A clinician's message reaches it; the clinician is told it was sent.
      gp.type("#lobby-message-input", "Kommer straks");
      gp.click("#lobby-message-send");
      patient.waitJs("the message shown", "document.querySelector('#lobby-message').textContent.includes('Kommer straks')");
      gp.find("#lobby-message-sent");

      gp.click("#knocks .knock button.admit");
      patient.waitForRemoteVideos(1);
      String patientId = (String) patient.js("return window.__konsil.state().participantId");
      gp.find(".tile.remote[data-participant='" + patientId + "'].video-muted");
      gp.find("#people li[data-participant='" + patientId + "'][data-camera='false'] .devices");
      assertEquals("true", patient.find("#btn-mic").getAttribute("disabled"), "nothing to unmute");
      patient.assertAccessible("call without devices");
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
  }

  @Test
  void everyBadLinkIsExplainedWithTheOneActionThatHelpsAndNoCameraIsOpened() {
    String room = "konsil-errorcheck";
    JsonObject expired = TOKENS.claims("patient-kari", "Kari Nordmann", "patient", false, room);
    expired.put("exp", System.currentTimeMillis() / 1000 - 600).put("nbf", System.currentTimeMillis() / 1000 - 1200);
    Map<String, String> links = new LinkedHashMap<>();
    links.put("token-expired", NODE.base() + "/" + room + "?jwt=" + TOKENS.hs256(expired));
    links.put("token-room-mismatch", NODE.base() + "/konsil-elsewhere?jwt=" + TOKENS.patient("patient-kari", room));
    links.put("invalid", NODE.base() + "/konsil-garbled?jwt=not.a.token");
    links.put("no-token", NODE.base() + "/konsil-nolink");
    links.put("not-found", NODE.base() + "/some/where");
    Map<String, String> titles = new LinkedHashMap<>();
    try (Browser patient = Chromium.launch("patient", 1000, 760).countCameraRequests()) {
      patient.open(NODE.base() + "/?demo=patient-kari");
      patient.find("#search-form");
      for (Map.Entry<String, String> link : links.entrySet()) {
        patient.open(link.getValue());
        String screen = "#end-screen[data-kind='" + link.getKey() + "'][role='alert']";
        patient.find(screen);
        titles.put(link.getKey(), patient.text("#end-title"));
        assertEquals("end-title", patient.js("return document.activeElement.id"), "the heading has the focus");
        assertEquals(0L, patient.js("return window.__gumCalls"), link.getKey() + ": no camera for a link that does not work");
        assertFalse(patient.present("#rejoin"), "no Rejoin that would fail again");
        String action = patient.find("#end-action").getAttribute("href");
        assertEquals(NODE.base() + (link.getKey().equals("not-found") ? "/#/" : "/#/appointments"), action,
            link.getKey());
        assertFalse(patient.driver().getTitle().isBlank(), "the page has a title");
        assertEquals("en", patient.js("return document.documentElement.lang"), "an en browser gets English");
        patient.assertAccessible("bad link: " + link.getKey());
        if (link.getKey().equals("token-expired")) {
          patient.screenshot("error-expired");
        }
      }
      assertEquals(titles.size(), titles.values().stream().distinct().count(), "a different message for each: " + titles);
      patient.assertCleanConsole();
    }
  }
}
