package io.konsil.scheduler.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What every JSON view of the API shares: times as ISO-8601 with the Norwegian offset, and lists as {@code {"items":
 * [...]}}. Each feature renders its own objects (e.g. {@code booking.BookingViews}).
 */
public final class Json {
  public static final ZoneId ZONE = ZoneId.of("Europe/Oslo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private Json() {}

  public static String time(Instant instant) {
    return instant == null ? null : TIME.format(instant.atZone(ZONE));
  }

  public static JsonObject items(Iterable<JsonObject> items) {
    JsonArray a = new JsonArray();
    items.forEach(a::add);
    return new JsonObject().put("items", a);
  }
}
