package dev.coffer.cli;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human forms of buckets and objects; listings are laid out as {@code aws s3 ls} does. */
final class ObjectText {
  /** {@code aws s3 ls}'s timestamp, but in UTC so that output does not depend on the machine. */
  private static final DateTimeFormatter LISTING_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ObjectText() {}

  static void buckets(List<BucketInfo> buckets, PrintStream out) {
    if (buckets.isEmpty()) {
      out.println("No buckets yet; create one with `coffer bucket create NAME`.");
      return;
    }
    Table table = Table.plain().row("NAME", "CREATED", "DEFAULT KEY", "BUCKET KEY");
    for (BucketInfo bucket : buckets) {
      table.row(
          bucket.name(),
          KeyText.date(bucket.creationDate()),
          bucket.encryption().kmsKeyId(),
          onOff(bucket.encryption().bucketKeyEnabled()));
    }
    table.print(out);
  }

  static void bucket(BucketInfo bucket, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Bucket", bucket.name());
    fields.row("ARN", bucket.arn());
    fields.row("Owner", bucket.owner().name());
    fields.row("Created", KeyText.date(bucket.creationDate()));
    encryptionRows(bucket.encryption(), fields);
    fields.print(out);
  }

  static void encryption(String bucket, BucketEncryption encryption, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Bucket", bucket);
    encryptionRows(encryption, fields);
    fields.print(out);
  }

  private static void encryptionRows(BucketEncryption encryption, Table fields) {
    fields.row("Default encryption", ObjectJson.SSE_KMS + " with " + encryption.kmsKeyId());
    fields.row("Bucket key", onOff(encryption.bucketKeyEnabled()));
  }

  /** Everything HeadObject says, one field a line. */
  static void object(ObjectInfo info, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Object", info.bucket() + "/" + info.key());
    fields.row("Size", info.size() + " bytes");
    fields.row("ETag", info.etag());
    fields.row("Last modified", KeyText.date(info.lastModified()));
    fields.row("Content type", info.contentType());
    fields.row("Metadata", pairs(info.userMetadata()));
    fields.row("Encryption", info.serverSideEncryption());
    fields.row("KMS key", info.kmsKeyArn() + " (version " + info.kmsKeyVersion() + ")");
    fields.row("Bucket key", onOff(info.bucketKeyEnabled()));
    fields.row("Context", pairs(info.encryptionContext().asMap()));
    fields.row("Version ID", info.versionId());
    fields.print(out);
  }

  /** One line on how a new object is encrypted, under the line that names it. */
  static String encryptedAs(ObjectInfo info) {
    return "  "
        + info.size()
        + " bytes, "
        + info.serverSideEncryption()
        + " under "
        + info.kmsKeyArn()
        + " (version "
        + info.kmsKeyVersion()
        + "), bucket key "
        + onOff(info.bucketKeyEnabled());
  }

  /** {@code aws s3 ls}: date, size right-aligned in ten columns, name. */
  static String listingLine(ObjectSummary object, String name) {
    return String.format(
        "%s %10d %s",
        LISTING_DATE.format(object.lastModified()),
        object.size(),
        TerminalText.escapeControls(name));
  }

  /** {@code aws s3 ls}'s line for a common prefix, with PRE where the size would be. */
  static String prefixLine(String name) {
    return " ".repeat(27) + "PRE " + TerminalText.escapeControls(name);
  }

  static String listingDate(Instant instant) {
    return LISTING_DATE.format(instant);
  }

  /** A bucket's or a key's tags as a table; {@code owner} names it, as "Bucket invoices". */
  static void tags(String owner, Map<String, String> tags, PrintStream out) {
    if (tags.isEmpty()) {
      out.println(owner + " has no tags.");
      return;
    }
    Table table = Table.plain().row("KEY", "VALUE");
    tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> table.row(e.getKey(), e.getValue()));
    table.print(out);
  }

  /** Pairs sorted by key, {@code k=v, k=v}, or {@code -} when there are none. */
  static String pairs(Map<String, String> pairs) {
    if (pairs.isEmpty()) {
      return "-";
    }
    return pairs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
