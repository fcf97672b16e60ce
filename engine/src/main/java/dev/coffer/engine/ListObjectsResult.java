package dev.coffer.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of ListObjects (V2): objects, the common prefixes rolled up by the delimiter, and a
 * token to continue with when the page is truncated.
 */
public record ListObjectsResult(
    List<ObjectSummary> contents,
    List<String> commonPrefixes,
    boolean truncated,
    Optional<String> nextContinuationToken) {
  public ListObjectsResult {
    contents = List.copyOf(contents);
    commonPrefixes = List.copyOf(commonPrefixes);
    Objects.requireNonNull(nextContinuationToken, "nextContinuationToken");
  }
}
