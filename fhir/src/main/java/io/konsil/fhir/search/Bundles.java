package io.konsil.fhir.search;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.Resource;

/** Search results as a {@code searchset} Bundle: total, absolute self and next links, fullUrl and search.mode. */
public final class Bundles {
  private Bundles() {}

  public static Bundle searchset(String base, String type, MultiMap query, SearchResult result) {
    Bundle bundle = new Bundle().setType(BundleType.SEARCHSET);
    if (result.total() != null) {
      bundle.setTotal(result.total());
    }
    bundle.addLink().setRelation("self").setUrl(link(base, type, query, query.get(SearchParameters.PAGE)));
    if (result.nextPage() != null) {
      bundle.addLink().setRelation("next").setUrl(link(base, type, query, result.nextPage()));
    }
    for (Resource r : result.items()) {
      bundle.addEntry().setFullUrl(base + "/" + type + "/" + r.getIdElement().getIdPart()).setResource(r)
          .getSearch().setMode(SearchEntryMode.MATCH);
    }
    return bundle;
  }

  /** The same search at another page, as an absolute URL a client can follow as it is. */
  private static String link(String base, String type, MultiMap query, String page) {
    StringBuilder url = new StringBuilder(base).append('/').append(type);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entries()) {
      if (e.getKey().equals(SearchParameters.PAGE)) {
        continue;
      }
      url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    if (page != null) {
      url.append(sep).append(SearchParameters.PAGE).append('=').append(encode(page));
    }
    return url.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
