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
    int offset = params.offset();
    int count = params.count();
    int from = Math.min(offset, all.size());
    int to = Math.min(from + count, all.size());
    return new SearchResult(all.subList(from, to), all.size(), to < all.size() ? String.valueOf(to) : null);
  }
}
