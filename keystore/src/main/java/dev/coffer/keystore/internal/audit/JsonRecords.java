package dev.coffer.keystore.internal.audit;

import com.google.gson.stream.JsonWriter;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.audit.AuditRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * One audit record as a line of JSON shaped like a CloudTrail event, keys in a fixed order so that
 * exports diff cleanly. Absent optional fields are left out; {@code responseElements} is null
 * unless the call succeeded, as in CloudTrail.
 */
public final class JsonRecords {
  private JsonRecords() {}

  public static String toJson(AuditRecord r) {
    StringWriter out = new StringWriter(512);
    try (JsonWriter w = new JsonWriter(out)) {
      w.setHtmlSafe(false);
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("eventVersion").value(Integer.toString(r.eventVersion()));
      w.name("eventTime").value(DateTimeFormatter.ISO_INSTANT.format(r.eventTime()));
      w.name("eventSource").value(r.eventSource());
      w.name("eventName").value(r.eventName());
      w.name("eventID").value(r.eventId());
      w.name("sequenceNumber").value(r.sequence());
      w.name("readOnly").value(r.readOnly());
      w.name("userIdentity").beginObject();
      w.name("arn").value(r.principal());
      optional(w, "invokedBy", r.viaService());
      w.endObject();
      optional(w, "sourceIPAddress", r.sourceAddress());
      optional(w, "userAgent", r.userAgent());
      w.name("requestParameters").beginObject();
      for (Map.Entry<String, String> p : r.requestParameters().entrySet()) {
        w.name(p.getKey()).value(p.getValue());
      }
      map(w, "encryptionContext", r.encryptionContext());
      map(w, "sourceEncryptionContext", r.sourceEncryptionContext());
      w.endObject();
      w.name("responseElements");
      if (r.outcome() == AuditOutcome.ALLOWED && r.keyArn().isPresent()) {
        w.beginObject();
        w.name("keyId").value(r.keyArn().get());
        if (r.keyVersion().isPresent()) {
          w.name("keyVersion").value(r.keyVersion().getAsInt());
        }
        w.endObject();
      } else {
        w.nullValue();
      }
      w.name("resources").beginArray();
      for (String arn : r.resources()) {
        w.beginObject().name("ARN").value(arn);
        resourceType(arn).ifPresent(t -> value(w, "type", t));
        w.endObject();
      }
      w.endArray();
      w.name("outcome").value(r.outcome().name());
      optional(w, "errorCode", r.errorCode());
      optional(w, "errorMessage", r.errorMessage());
      optional(w, "accessExplanation", r.accessExplanation());
      w.name("previousHash").value(r.previousHash());
      w.name("hash").value(r.hash());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** CloudTrail's resource type for an ARN Coffer uses. */
  static Optional<String> resourceType(String arn) {
    if (arn.startsWith("arn:aws:kms:") && arn.contains(":key/")) {
      return Optional.of("AWS::KMS::Key");
    }
    if (arn.startsWith("arn:aws:s3:::")) {
      return Optional.of(arn.indexOf('/') > 0 ? "AWS::S3::Object" : "AWS::S3::Bucket");
    }
    return Optional.empty();
  }

  private static void map(JsonWriter w, String name, Map<String, String> map) throws IOException {
    if (!map.isEmpty()) {
      w.name(name).beginObject();
      for (Map.Entry<String, String> e : map.entrySet()) {
        w.name(e.getKey()).value(e.getValue());
      }
      w.endObject();
    }
  }

  private static void optional(JsonWriter w, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      w.name(name).value(value.get());
    }
  }

  private static void value(JsonWriter w, String name, String value) {
    try {
      w.name(name).value(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
