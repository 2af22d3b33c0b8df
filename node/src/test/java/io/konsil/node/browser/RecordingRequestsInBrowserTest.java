package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client's side of asking for recording consent and of the live recordings list, in real Chromium through a
 * real Janus, kept light: two pages (the GP chairing, a patient) and a scripted specialist on a WebSocket as the third
 * person who moves the call (mesh of two) to the media server. The GP presses "Ask everyone for consent"; the patient's
 * page opens the consent dialog naming the GP; once everyone consented the GP records, and the GP's recordings list
 * follows the start and the stop without a reload. axe on the dialog and on the moderator's list.
 */
class RecordingRequestsInBrowserTest {
  @RegisterExtension
  static final NodeWithJanus MEDIA = new NodeWithJanus(2);
  private static final TestTokens TOKENS = new TestTokens();

  @BeforeAll
  static void browsers() {
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
  }


  private static String jwt(String user, String name, String role, boolean moderator, String room) {
    return TOKENS.hs256(TOKENS.claims(user + "-" + UUID.randomUUID(), name, role, moderator, room));
  }

  private static Browser page(String name, int width, int height, String room, String jwt) {
    Browser b = Chromium.launch(name, width, height, true, List.of("--use-fake-device-for-media-stream=fps=10"));
    b.testHooks().sfuLoopbackOnly();
    b.open(MEDIA.node().baseUrl() + "/" + room + "?jwt=" + jwt + "#prejoin=0");
    return b;
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void thePatientIsAskedByNameAndTheGpsRecordingsListFollowsTheRecording() throws Exception {
    String room = "rec-" + UUID.randomUUID().toString().substring(0, 8);
    Browser gp = null;
    Browser patient = null;
    ScriptedSocket spec = null;
    try {
      gp = page("gp", 1280, 800, room, jwt("gp", "Dr. Ingrid Hansen", "gp", true, room));
      gp.waitJs("the GP in the call", Duration.ofSeconds(60),
          "window.__konsil && window.__konsil.state && window.__konsil.state().phase === 'in-call'");
      // In a mesh there is nothing to record: no list, no button to ask.
      assertFalse(gp.present("#ask-consent:not([hidden])"), "no consent request in a mesh");

      spec = await(ScriptedSocket.connect(MEDIA.vertx(),
          MEDIA.node().baseUrl().replaceFirst("^http", "ws") + "/signal/" + room
          + "?jwt=" + jwt("spec", "Dr. Sara Kirurg", "specialist", true, room)));
      await(spec.next("welcome"));
      patient = page("patient", 800, 600, room, jwt("patient", "Kari Nordmann", "patient", false, room));
      JsonObject knock = await(spec.next("knocking"));
      await(spec.send(new JsonObject().put("type", "admit")
          .put("participantId", knock.getJsonObject("participant").getString("id"))));
      patient.waitJs("the patient in the call", Duration.ofSeconds(60),
          "window.__konsil && window.__konsil.state && window.__konsil.state().phase === 'in-call'");
      gp.waitJs("the call through Janus", Duration.ofSeconds(30), "window.__konsil.state().media.mode === 'sfu'");

      // The GP asks; the patient's page opens the dialog, saying who asks, with nothing pre-chosen.
      gp.click("#ask-consent");
      assertTrue(gp.text("#ask-consent-status").contains("Kari Nordmann"), gp.text("#ask-consent-status"));
      assertEquals("Dr. Ingrid Hansen", await(spec.next("recording-consent-request")).getString("name"));
      patient.find("dialog#consent-dialog[open]");
      assertTrue(patient.text("#consent-asked-by").contains("Dr. Ingrid Hansen"), patient.text("#consent-asked-by"));
      assertTrue(patient.text("#consent-version").contains("konsil-recording-v1"));
      patient.waitJs("focus on 'Not now'", "document.activeElement && document.activeElement.id === 'consent-no'");
      patient.screenshot("call-sfu-consent-asked");
      patient.assertAccessible("consent dialog opened by a moderator's request");
      // Asking again at once is refused by the server; the GP is told when to ask again.
      gp.click("#ask-consent");
      gp.waitJs("asked recently", "document.querySelector('#ask-consent-status').textContent.includes('ask again in')");

      patient.click("#consent-yes");
      await(spec.send(new JsonObject().put("type", "consent").put("recording", true)
          .put("version", "konsil-recording-v1")));
      gp.click("#btn-consent");
      gp.click("#consent-yes");
      gp.waitJs("everyone consented", "window.__konsil.state().participants.filter(p => p.consent).length === 2");

      // Recording: the GP's list shows it running, then done with where Janus wrote it, live.
      gp.click("#btn-record");
      gp.waitJs("the list shows the running recording",
          "window.__konsil.state().recording.list.length === 1 && window.__konsil.state().recording.list[0].active");
      gp.click("#btn-record");
      gp.waitJs("the list shows it stopped, with its location",
          "(() => { const l = window.__konsil.state().recording.list; return l.length === 1 && !l[0].active && !!l[0].location; })()");
      assertEquals(1L, gp.js("return document.querySelectorAll('#recordings li').length"));
      assertTrue(gp.text("#recordings").contains(MEDIA.janus().recordings().toString()), gp.text("#recordings"));
      gp.click("#call-alert-close");
      gp.js("document.getElementById('recordings-section').scrollIntoView()");
      gp.screenshot("call-sfu-recordings");
      gp.assertAccessible("moderator's recordings list");
      assertFalse(patient.present("#recordings-section:not([hidden])"), "the list is for moderators only");
      assertEquals(0L, patient.js("return window.__konsil.state().recording.list.length"));
      gp.assertCleanConsole();
      patient.assertCleanConsole();
    } catch (AssertionError | RuntimeException e) {
      StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
      for (Browser b : new Browser[] {gp, patient}) {
        if (b != null) {
          try {
            why.append('\n').append(b.diagnostics());
          } catch (RuntimeException ignored) {
            // the page is gone: the cause above says enough
          }
        }
      }
      throw new AssertionError(why.toString(), e);
    } finally {
      if (spec != null) {
        spec.close();
      }
      for (Browser b : new Browser[] {gp, patient}) {
        if (b != null) {
          b.close();
        }
      }
    }
  }
}
