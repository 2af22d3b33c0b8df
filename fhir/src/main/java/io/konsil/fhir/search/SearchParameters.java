package io.konsil.fhir.search;

import io.konsil.fhir.error.FhirError;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of a search, checked against the parameters the resource supports: any other parameter (or a modifier
 * such as {@code name:exact}) is 400, never silently ignored, because a client that filters by it would otherwise
 * act on more data than it asked for. Values are read with FHIR's search syntax (token {@code system|code},
 * reference {@code Type/id}, date with {@code ge}/{@code lt}/... prefixes, comma for OR).
 */
public final class SearchParameters {
  public static final String COUNT = "_count";
  public static final String FORMAT = "_format";
  /** The position of a page, as written into a Bundle's {@code next} link; opaque to clients. */
  public static final String PAGE = "_page";
  public static final int DEFAULT_COUNT = 20;
  public static final int MAX_COUNT = 100;
  private static final Set<String> GENERAL = Set.of(COUNT, FORMAT, PAGE);
  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final MultiMap query;

  private SearchParameters(MultiMap query) {
    this.query = query;
  }

  public static SearchParameters check(MultiMap query, List<SearchParam> supported) {
    for (String name : query.names()) {
      if (!GENERAL.contains(name) && supported.stream().noneMatch(p -> p.name().equals(name))) {
        throw FhirError.UNKNOWN_PARAMETER.error("Unknown search parameter '" + name + "'; supported: "
            + String.join(", ", supported.stream().map(SearchParam::name).toList()) + ", _count");
      }
    }
    SearchParameters params = new SearchParameters(query);
    params.count();
    return params;
  }

  public MultiMap query() {
    return query;
  }

  public boolean has(String name) {
    return query.contains(name);
  }

  /** The values of a parameter given once, split at commas (OR); empty when absent. */
  public List<String> anyOf(String name) {
    List<String> all = query.getAll(name);
    if (all.isEmpty()) {
      return List.of();
    }
    if (all.size() > 1) {
      throw FhirError.INVALID_REQUEST.error("Give '" + name + "' once (use commas for OR)");
    }
    List<String> values = new ArrayList<>();
    for (String v : all.get(0).split(",")) {
      if (v.isBlank()) {
        throw FhirError.INVALID_REQUEST.error("Empty value in '" + name + "'");
      }
      values.add(v.trim());
    }
    return values;
  }

  public int count() {
    String v = query.get(COUNT);
    if (v == null) {
      return DEFAULT_COUNT;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Math.min(n, MAX_COUNT);
    } catch (NumberFormatException e) {
      throw FhirError.INVALID_REQUEST.error("_count must be a positive integer");
    }
  }

  /** Where an offset-paged search continues; 0 without {@code _page}. */
  public int offset() {
    String v = query.get(PAGE);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw FhirError.INVALID_REQUEST.error("_page is not a page this server wrote");
    }
  }

  /** The raw page position, for searches that page by key rather than by offset (free slots). */
  public String page() {
    return query.get(PAGE);
  }

  /** A token value: {@code system|code}, {@code |code} (no system) or {@code code} (any system). */
  public record Token(String system, String code, boolean anySystem) {
    public boolean matches(String system, String code) {
      return code != null && this.code.equals(code) && (anySystem || java.util.Objects.equals(this.system, system));
    }
  }

  public static Token token(String value) {
    int bar = value.indexOf('|');
    if (bar < 0) {
      return new Token(null, value, true);
    }
    String system = value.substring(0, bar);
    return new Token(system.isEmpty() ? null : system, value.substring(bar + 1), false);
  }

  /**
   * The id in a reference value to a resource of {@code type}: {@code Type/id}, an absolute URL ending so, or a bare
   * id. A reference to another type is 400.
   */
  public static String reference(String name, String value, String type) {
    String v = value;
    int history = v.indexOf("/_history/");
    if (history >= 0) {
      v = v.substring(0, history);
    }
    int slash = v.lastIndexOf('/');
    if (slash < 0) {
      return v;
    }
    String prefix = v.substring(0, slash);
    String givenType = prefix.substring(prefix.lastIndexOf('/') + 1);
    if (!givenType.equals(type)) {
      throw FhirError.INVALID_REQUEST.error("'" + name + "' refers to " + type + " resources, not " + givenType);
    }
    return v.substring(slash + 1);
  }

  /** A half-open window of time [from, to); either end null when open. */
  public record Window(Instant from, Instant to) {
    public static final Window ALL = new Window(null, null);

    public boolean contains(Instant t) {
      return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }

    Window and(Window o) {
      Instant f = from == null ? o.from : o.from == null ? from : from.isAfter(o.from) ? from : o.from;
      Instant t = to == null ? o.to : o.to == null ? to : to.isBefore(o.to) ? to : o.to;
      return new Window(f, t);
    }
  }

  /**
   * The window the (ANDed) values of a date parameter describe, with the prefixes in {@code prefixes}; a date without
   * a time is a day in {@code zone}. Other prefixes are 400.
   */
  public Window window(String name, Set<String> prefixes, ZoneId zone) {
    Window w = Window.ALL;
    for (String raw : query.getAll(name)) {
      String prefix = raw.length() > 2 && Character.isLetter(raw.charAt(0)) ? raw.substring(0, 2) : "eq";
      String value = raw.length() > 2 && Character.isLetter(raw.charAt(0)) ? raw.substring(2) : raw;
      if (!prefixes.contains(prefix)) {
        throw FhirError.INVALID_REQUEST.error("'" + name + "' supports the prefixes " + String.join(", ",
            prefixes.stream().sorted().toList()) + ", not " + prefix);
      }
      Instant[] range = range(name, value, zone);
      Window one = switch (prefix) {
        case "eq" -> new Window(range[0], range[1]);
        case "ge" -> new Window(range[0], null);
        case "gt" -> new Window(range[1], null);
        case "lt" -> new Window(null, range[0]);
        case "le" -> new Window(null, range[1]);
        default -> throw FhirError.INVALID_REQUEST.error("Unsupported prefix " + prefix);
      };
      w = w.and(one);
    }
    return w;
  }

  /** [start, end) of the period a date or dateTime value stands for, at its precision. */
  private static Instant[] range(String name, String value, ZoneId zone) {
    try {
      if (YEAR.matcher(value).matches()) {
        LocalDate d = LocalDate.of(Integer.parseInt(value), 1, 1);
        return new Instant[] {d.atStartOfDay(zone).toInstant(), d.plusYears(1).atStartOfDay(zone).toInstant()};
      }
      if (MONTH.matcher(value).matches()) {
        LocalDate d = YearMonth.parse(value).atDay(1);
        return new Instant[] {d.atStartOfDay(zone).toInstant(), d.plusMonths(1).atStartOfDay(zone).toInstant()};
      }
      if (DAY.matcher(value).matches()) {
        LocalDate d = LocalDate.parse(value);
        return new Instant[] {d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant()};
      }
      Instant t;
      try {
        t = OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        t = LocalDateTime.parse(value).atZone(zone).toInstant();
      }
      return new Instant[] {t, t.plusSeconds(1)};
    } catch (DateTimeParseException | NumberFormatException e) {
      throw FhirError.INVALID_REQUEST.error("'" + name + "' must be a FHIR date or dateTime (e.g. 2030-03-04 or "
          + "2030-03-04T08:00:00+01:00)");
    }
  }
}
