package dev.coffer.engine.archive;

import java.util.Objects;

/** A master key (ARN and version) holding a wrapped copy of an archive's data key. */
public record ArchiveRecipient(String keyArn, int keyVersion) {
  public ArchiveRecipient {
    Objects.requireNonNull(keyArn, "keyArn");
  }
}
