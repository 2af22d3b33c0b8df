package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisPerClass;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A security officer (demo admin) searches the audit trail and verifies its hash chain in the real web client, on a
 * node whose trail is in a real redis-server — so that an entry can be edited there the way an intruder with Redis
 * access would, and the screen must name the broken link. Real Chromium, axe-core on desktop and phone.
 * Screenshots: audit, audit-mobile, audit-broken.
 */
class AuditInBrowserTest {
  @RegisterExtension
  @Order(1)
  static final RedisPerClass REDIS = new RedisPerClass();

  @RegisterExtension
  @Order(2)
  static final BrowserTestNode NODE = new BrowserTestNode() {
    @Override
    protected KonsilConfig config(int port) {
      return super.config(port).withRedis(KonsilConfig.Redis.standalone(REDIS.uri()));
    }
  };

  @SuppressWarnings("unchecked")
  private static List<String> rows(Browser b, String attribute) {
    return (List<String>) b.js("return [...document.querySelectorAll('#audit-results tbody tr')]"
        + ".map((r) => r.getAttribute(arguments[0]))", attribute);
  }

  @Test
  void anAdminFindsWhoReachedAPatientSeesTheChainIntactAndThenTheEntryEditedInRedis() {
    KonsilRest rest = NODE.rest();
    String patient = rest.signIn("patient-sofie");
    JsonObject appointment = rest.bookEarliest(patient, "dermatology", "OUS");
    rest.read(rest.signIn(appointment.getString("clinicianId")), appointment.getString("id"), null);
    rest.read(rest.signIn("gp-larsen"), appointment.getString("id"), "acute-care");

    try (Browser b = Chromium.launch("admin", 1280, 860)) {
      // The demo sign-in lists the administrator; the admin's app starts at the trail.
      b.open(NODE.base() + "/");
      b.click("button.demo-user[data-user-id='admin-konsil']");
      b.waitJs("the trail", "location.hash === '#/audit'"
          + " && document.querySelectorAll('#audit-results tbody tr').length >= 3");
      assertEquals(List.of("#/audit", "#/check"), b.js("return [...document.querySelectorAll('nav a')]"
          + ".map((a) => a.getAttribute('href'))"));

      // By patient: the clinician's and the emergency reading, the booking — and the admin's own look a moment ago.
      b.type("#a-patient", "patient-sofie");
      b.click("#audit-submit");
      b.waitJs("sofie's entries", "[...document.querySelectorAll('#audit-results tbody tr td:nth-child(4)')]"
          + ".every((td) => td.textContent === 'patient-sofie')"
          + " && document.querySelectorAll('#audit-results tbody tr').length === 4");
      assertEquals(List.of("access-log.read", "appointment.read", "appointment.read", "appointment.book"),
          rows(b, "data-action"));
      assertEquals(List.of("admin", "emergency", "appointment", "self"), rows(b, "data-basis"));
      String emergency = b.text("#audit-results tbody tr:nth-child(2)");
      assertTrue(emergency.contains("gp-larsen") && emergency.contains("HPR 9000003") && emergency.contains("acute-care"),
          emergency);

      b.click("#audit-verify");
      b.find("#audit-verdict [data-intact='true']");
      assertTrue(b.text("#audit-verdict").startsWith("The chain is intact:"), b.text("#audit-verdict"));
      ConsultationInBrowserTest.lookAtOnDesktopAndPhone(b, "audit", "audit trail");

      // Someone with write access to Redis changes the booking's entry: the check names that entry.
      String seq = rows(b, "data-seq").get(3);
      String stored = REDIS.call("HGET", "konsil:{audit}:entries", seq);
      assertTrue(stored.contains("\"door\":\"rest\""), stored);
      REDIS.call("HSET", "konsil:{audit}:entries", seq, stored.replace("\"door\":\"rest\"", "\"door\":\"fhir\""));
      b.click("#audit-verify");
      b.find("#audit-verdict [data-intact='false'][data-broken-at='" + seq + "']");
      assertTrue(b.text("#audit-verdict").startsWith("The chain is broken at entry " + seq + ": content does not match"),
          b.text("#audit-verdict"));
      b.screenshot("audit-broken");
      b.assertAccessible("audit trail (broken chain)");

      b.select("#lang", "nb");
      b.waitJs("in Norwegian", "document.querySelector('#audit-title').textContent === 'Tilgangslogg'");
      assertEquals("patient-sofie", b.js("return document.querySelector('#a-patient').value"), "the search stays");
      b.select("#lang", "en");
      b.assertCleanConsole();
    }
  }

  @Test
  void aPatientCannotOpenTheTrailAndAnEndDateBeforeTheStartIsExplained() {
    try (Browser b = Chromium.launch("patient", 1280, 860)) {
      b.open(NODE.base() + "/?demo=patient-kari#/audit");
      b.waitJs("sent to the search", "location.hash.startsWith('#/search')");
      assertFalse(b.present("nav a[href='#/audit']"));
    }
    try (Browser b = Chromium.launch("admin", 1280, 860)) {
      b.open(NODE.base() + "/?demo=admin-konsil#/audit");
      b.find("#audit-results");
      b.js("document.querySelector('#a-from').value = '2026-12-10'; document.querySelector('#a-to').value = '2026-12-01'");
      b.click("#audit-submit");
      assertEquals("The end date must not be before the start date.", b.text("#audit-dates"));
      b.assertCleanConsole();
    }
  }
}
