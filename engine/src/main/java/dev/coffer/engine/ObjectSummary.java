package dev.coffer.engine;

import java.time.Instant;
import java.util.Objects;

/** One object in a ListObjects result. */
public record ObjectSummary(String key, long size, String etag, Instant lastModified) {
  public ObjectSummary {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
