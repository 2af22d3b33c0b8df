package io.konsil.fhir.http;

import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.SearchParameters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Content negotiation (https://hl7.org/fhir/R4/http.html#mime-type): the facade speaks JSON only. It answers JSON
 * whenever JSON is acceptable at all — HAPI's client asks for XML and JSON together — and 406 only when the Accept
 * header or {@code _format} rules JSON out. A body must be JSON: XML (or anything else) is 415.
 */
final class Negotiation {
  private static final Set<String> JSON_TYPES = Set.of("application/fhir+json", "application/json",
      "application/json+fhir", "application/*", "*/*");
  private static final Set<String> FORMATS = Set.of("json", "application/json", "application/fhir+json",
      "application/json+fhir");

  private Negotiation() {}

  static void check(RoutingContext ctx) {
    String format = ctx.request().getParam(SearchParameters.FORMAT);
    if (format != null && !FORMATS.contains(format.trim().toLowerCase(Locale.ROOT))) {
      throw FhirError.NOT_ACCEPTABLE.error("Only JSON is served (_format=json)");
    }
    String accept = ctx.request().getHeader("Accept");
    if (format == null && accept != null && !accept.isBlank() && !acceptsJson(accept)) {
      throw FhirError.NOT_ACCEPTABLE.error("Only application/fhir+json is served");
    }
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.POST || method == HttpMethod.PUT) {
      String type = ctx.request().getHeader("Content-Type");
      String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (!mime.equals("application/fhir+json") && !mime.equals("application/json")
          && !mime.equals("application/json+fhir")) {
        throw FhirError.UNSUPPORTED_MEDIA_TYPE.error("Send the resource as application/fhir+json"
            + (mime.contains("xml") ? " (XML is not supported)" : ""));
      }
    }
  }

  /** Whether one media range of the header accepts JSON with a quality above zero. */
  static boolean acceptsJson(String accept) {
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String mime = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!JSON_TYPES.contains(mime)) {
        continue;
      }
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        return true;
      }
    }
    return false;
  }
}
