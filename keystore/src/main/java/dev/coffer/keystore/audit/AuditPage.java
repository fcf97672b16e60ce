package dev.coffer.keystore.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a query's results.
 *
 * @param records the matching records, in the query's order
 * @param resumeToken pass to {@link AuditQuery.Builder#resumeToken} for the next page; empty when
 *     this was the last one
 */
public record AuditPage(List<AuditRecord> records, Optional<String> resumeToken) {
  public AuditPage {
    records = List.copyOf(records);
    Objects.requireNonNull(resumeToken, "resumeToken");
  }
}
