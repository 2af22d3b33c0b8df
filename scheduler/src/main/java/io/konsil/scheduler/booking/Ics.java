package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.network.Clinician;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * iCalendar (RFC 5545) export. Events carry no clinical content and no patient name: a calendar is often synced to
 * third-party services. The location is the call page without a token (a token is fetched at join time).
 */
public final class Ics {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Ics() {}

  public static String calendar(List<Appointment> appointments, Map<String, Clinician> clinicians, String publicUrl,
                         Instant now) {
    StringBuilder b = new StringBuilder();
    line(b, "BEGIN:VCALENDAR");
    line(b, "VERSION:2.0");
    line(b, "PRODID:-//Konsil//Scheduler//EN");
    line(b, "CALSCALE:GREGORIAN");
    for (Appointment a : appointments) {
      Clinician c = clinicians.get(a.clinicianId());
      line(b, "BEGIN:VEVENT");
      line(b, "UID:" + a.id() + "@konsil");
      line(b, "DTSTAMP:" + UTC.format(now));
      line(b, "DTSTART:" + UTC.format(a.start()));
      line(b, "DTEND:" + UTC.format(a.end()));
      line(b, "SUMMARY:" + escape("Konsil " + a.mode().wire() + " consultation (" + a.specialty() + ")"
          + (c == null ? "" : " - " + c.name())));
      line(b, "LOCATION:" + escape(publicUrl + "/" + a.room()));
      line(b, "STATUS:" + (a.status() == AppointmentStatus.CANCELLED ? "CANCELLED" : "CONFIRMED"));
      line(b, "END:VEVENT");
    }
    line(b, "END:VCALENDAR");
    return b.toString();
  }

  public static void send(io.vertx.ext.web.RoutingContext ctx, String ics) {
    ctx.response().putHeader("content-type", "text/calendar; charset=utf-8").end(ics);
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
  }

  /** Lines end in CRLF and are folded at 75 octets (approximated by characters), as RFC 5545 §3.1 requires. */
  private static void line(StringBuilder b, String text) {
    int i = 0;
    while (text.length() - i > 75) {
      b.append(text, i, i + 75).append("\r\n ");
      i += 75;
    }
    b.append(text, i, text.length()).append("\r\n");
  }
}
