package dev.coffer.cli;

import dev.coffer.keystore.audit.AuditRecord;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The human form of audit records, for {@code audit query} and the demo tour. */
final class AuditText {
  private AuditText() {}

  /**
   * Records as an aligned table: one line each, the fields people scan for. SOURCE is the client's
   * address for calls through a sidecar, "-" for calls made on the data directory itself.
   */
  static Table trail(Iterable<AuditRecord> records) {
    Table table =
        Table.plain()
            .row(
                "SEQ", "TIME", "EVENT", "OUTCOME", "PRINCIPAL", "OBJECT", "KEY", "ERROR", "SOURCE");
    for (AuditRecord r : records) {
      table.row(
          Long.toString(r.sequence()),
          r.eventTime().truncatedTo(ChronoUnit.SECONDS).toString(),
          r.eventName(),
          r.outcome().name(),
          r.principal(),
          objectNamed(r),
          keyNamed(r),
          r.errorCode().orElse(""),
          r.sourceAddress().orElse("-"));
    }
    return table;
  }

  /**
   * The bucket or object an object-store event acted on ({@code BUCKET/KEY}; a copy shows {@code
   * SOURCE -> DESTINATION}), else "-".
   */
  private static String objectNamed(AuditRecord r) {
    Map<String, String> p = r.requestParameters();
    String target = path(p.get("bucket"), p.get("key"));
    String source = path(p.get("sourceBucket"), p.get("sourceKey"));
    if (source != null) {
      return source + " -> " + (target == null ? "?" : target);
    }
    return target == null ? "-" : target;
  }

  private static String path(String bucket, String key) {
    if (bucket == null) {
      return null;
    }
    return key == null ? bucket : bucket + "/" + key;
  }

  /** The key as the caller named it, else the key id the record names, else "-". */
  private static String keyNamed(AuditRecord r) {
    for (String p : new String[] {"keyId", "destinationKeyId", "aliasName"}) {
      String named = r.requestParameters().get(p);
      if (named != null) {
        return named;
      }
    }
    return r.keyArn().map(a -> a.substring(a.lastIndexOf('/') + 1)).orElse("-");
  }
}
