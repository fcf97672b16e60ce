package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveRecipient;
import dev.coffer.engine.archive.ArchiveSummary;
import java.util.Locale;

/**
 * The JSON forms of archives, part of the CLI's contract: camelCase fields, ISO-8601 instants,
 * modes as octal strings ({@code "0644"}), maps as objects with sorted keys.
 */
final class ArchiveJson {
  private ArchiveJson() {}

  /** What the header says: who can open the archive, how it is sealed, who made it and when. */
  static JsonObject header(ArchiveHeader header) {
    JsonObject json = new JsonObject();
    json.addProperty("formatVersion", header.formatVersion());
    ArchiveRecipient first = header.recipients().get(0);
    json.addProperty("keyArn", first.keyArn());
    json.addProperty("keyVersion", first.keyVersion());
    JsonArray recipients = new JsonArray();
    header.recipients().forEach(r -> recipients.add(recipient(r)));
    json.add("recipients", recipients);
    json.add("encryptionContext", KeyJson.map(header.encryptionContext().asMap()));
    json.addProperty("segmentSize", header.segmentSize());
    json.addProperty("created", header.created().toString());
    json.addProperty("createdBy", header.createdBy());
    header.exportedBucket().ifPresent(b -> json.addProperty("exportedBucket", b));
    return json;
  }

  static JsonObject recipient(ArchiveRecipient recipient) {
    JsonObject json = new JsonObject();
    json.addProperty("keyArn", recipient.keyArn());
    json.addProperty("keyVersion", recipient.keyVersion());
    return json;
  }

  /** One entry; {@code size} is its data's length (0 for directories and links). */
  static JsonObject entry(ArchiveEntry entry, long size) {
    JsonObject json = new JsonObject();
    json.addProperty("path", entry.path());
    json.addProperty("type", entry.type().name().toLowerCase(Locale.ROOT));
    json.addProperty("mode", String.format(Locale.ROOT, "%04o", entry.mode()));
    json.addProperty("modified", entry.modified().toString());
    json.addProperty("size", size);
    if (!entry.linkTarget().isEmpty()) {
      json.addProperty("linkTarget", entry.linkTarget());
    }
    entry
        .object()
        .ifPresent(
            o -> {
              JsonObject object = new JsonObject();
              object.addProperty("contentType", o.contentType());
              object.add("metadata", KeyJson.map(o.userMetadata()));
              object.add("encryptionContext", KeyJson.map(o.encryptionContext().asMap()));
              object.addProperty("sseKmsKeyId", o.kmsKeyArn());
              object.addProperty("lastModified", o.lastModified().toString());
              json.add("object", object);
            });
    return json;
  }

  /** What the archive's authenticated end record counts. */
  static void addSummary(JsonObject json, ArchiveSummary summary) {
    json.addProperty("entries", summary.entries());
    json.addProperty("bytes", summary.bytes());
  }
}
