package io.konsil.fhir.search;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * One page of matches. {@code total} is null only where counting every match would cost more than the page (a
 * network-wide free-slot search before its last page); {@code nextPage} is the {@code _page} value of the next page,
 * null on the last one.
 */
public record SearchResult(List<? extends Resource> items, Integer total, String nextPage) {

  /** Offset paging over a list that is already complete and ordered. */
  public static SearchResult page(List<? extends Resource> all, SearchParameters params) {
    int to = Math.min(Math.min(params.offset(), all.size()) + params.count(), all.size());
    return new SearchResult(slice(all, params), all.size(), to < all.size() ? String.valueOf(to) : null);
  }

  /** The part of {@code all} that {@link #page} answers with: what the audit trail records as seen. */
  public static <T> List<T> slice(List<T> all, SearchParameters params) {
    int from = Math.min(params.offset(), all.size());
    return all.subList(from, Math.min(from + params.count(), all.size()));
  }
}
