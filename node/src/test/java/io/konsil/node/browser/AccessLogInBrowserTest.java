package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A patient reads who has seen their information (Normen's access log) in the real web client, in real Chromium:
 * their own booking, the clinician's reading, another hospital's emergency access with its reason, paged, in English
 * and Norwegian, on a desktop and a phone, checked by axe-core. Screenshots: access-log, access-log-mobile.
 */
class AccessLogInBrowserTest {
  @RegisterExtension
  static final BrowserTestNode NODE = new BrowserTestNode();

  private static List<String> column(Browser b, int n) {
    @SuppressWarnings("unchecked")
    List<String> cells = (List<String>) b.js("return [...document.querySelectorAll('#access-log tbody tr')]"
        + ".map((r) => r.children[" + n + "].innerText.replace(/\\s+/g, ' ').trim())");
    return cells;
  }

  @Test
  void aPatientSeesWhoOpenedTheirAppointmentAnEmergencyAccessStandsOutAndOlderEntriesPageIn() {
    KonsilRest rest = NODE.rest();
    String patient = rest.signIn("patient-lars");
    JsonObject appointment = rest.bookEarliest(patient, "dermatology", "OUS");
    String id = appointment.getString("id");
    String clinician = appointment.getString("clinicianId");
    rest.read(rest.signIn(clinician), id, null);
    // A GP of another hospital with no relation to the appointment: only with a reason, and the patient sees it.
    rest.read(rest.signIn("gp-larsen"), id, "acute-care");

    try (Browser b = Chromium.launch("patient", 1280, 860)) {
      b.open(NODE.base() + "/?demo=patient-lars");
      b.click("nav a[href='#/access-log']");
      b.waitJs("the access log", "document.querySelectorAll('#access-log tbody tr').length >= 3");
      assertEquals(List.of("Opened an appointment", "Opened an appointment", "Booked an appointment"),
          column(b, 2).subList(0, 3));
      List<String> who = column(b, 1);
      assertTrue(who.get(0).startsWith("Marte Larsen GP, "), "name, role and hospital: " + who.get(0));
      assertEquals(rest.clinicianName(clinician), who.get(1).substring(0, rest.clinicianName(clinician).length()));
      assertEquals("You", who.get(2));
      assertEquals("Emergency acute care", column(b, 3).get(0));
      assertEquals("Your appointment with them", column(b, 3).get(1));
      assertEquals("emergency", b.js("return document.querySelector('#access-log tbody tr').dataset.basis"));
      assertFalse(b.present("#access-log-more"), "three entries fit on one page");
      ConsultationInBrowserTest.lookAtOnDesktopAndPhone(b, "access-log", "access log");

      // In Norwegian, with nothing lost.
      b.select("#lang", "nb");
      b.waitJs("the log in Norwegian", "document.querySelector('#access-log-title').textContent"
          + " === 'Hvem har sett opplysningene mine'");
      b.waitJs("rows in Norwegian", "document.querySelector('#access-log tbody tr td:nth-child(3)').textContent"
          + " === 'Åpnet en time'");
      b.select("#lang", "en");

      // Twenty-five more reads: the newest twenty, then the older ones on request, reading on where they begin.
      String token = rest.signIn(clinician);
      for (int i = 0; i < 25; i++) {
        rest.read(token, id, null);
      }
      b.open(NODE.base() + "/?demo=patient-lars#/access-log");
      b.waitJs("the first page", "document.querySelectorAll('#access-log tbody tr').length === 20");
      b.click("#access-log-more");
      b.waitJs("the older entries", "document.querySelectorAll('#access-log tbody tr').length === 28");
      b.waitJs("reading goes on at the first older entry",
          "document.activeElement === document.querySelectorAll('#access-log tbody tr')[20]");
      assertFalse(b.present("#access-log-more"), "nothing older is left");
      assertEquals("Booked an appointment", column(b, 2).get(27));
      b.assertCleanConsole();
    }
  }

  @Test
  void cliniciansHaveNoAccessLogOfTheirOwnInTheMenu() {
    try (Browser b = Chromium.launch("gp", 1280, 860)) {
      b.open(NODE.base() + "/?demo=gp-hansen");
      b.find("nav a[href='#/agenda']");
      assertFalse(b.present("nav a[href='#/access-log']"));
      b.open(NODE.base() + "/?demo=gp-hansen#/access-log");
      b.waitJs("sent to their agenda", "location.hash.startsWith('#/agenda')");
      b.assertCleanConsole();
    }
  }
}
