package dev.coffer.cli;

import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.RotationStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The human forms of keystore results. */
final class KeyText {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private KeyText() {}

  static String date(Instant instant) {
    return DATE.format(instant);
  }

  static String aliasNames(List<AliasEntry> aliases) {
    return aliases.isEmpty()
        ? "-"
        : aliases.stream().map(AliasEntry::aliasName).sorted().collect(Collectors.joining(", "));
  }

  /** Everything DescribeKey says, for {@code key describe} and {@code key create}. */
  static void describe(KeyMetadata key, List<AliasEntry> aliases, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Key ID", key.keyId());
    fields.row("ARN", key.arn());
    fields.row("State", key.keyState().awsName());
    fields.row("Description", key.description().isEmpty() ? "-" : key.description());
    fields.row("Aliases", aliasNames(aliases));
    fields.row("Created", date(key.creationDate()) + " by " + key.creator());
    fields.row("Rotation", rotation(key));
    key.deletionDate()
        .ifPresent(d -> fields.row("Deletion", "scheduled for " + date(d) + window(key)));
    key.destroyedDate().ifPresent(d -> fields.row("Destroyed", date(d)));
    if (!key.tags().isEmpty()) {
      fields.row("Tags", tags(key));
    }
    fields.row(
        "Versions",
        "primary "
            + key.primaryVersion()
            + ", minimum for decryption "
            + key.minDecryptionVersion());
    fields.print(out);
    versions(key, out);
  }

  /** One line on the state a lifecycle command left a key in. */
  static String stateLine(KeyMetadata key) {
    String line = key.keyId() + " is " + key.keyState().awsName();
    if (key.keyState() == KeyState.PENDING_DELETION && key.deletionDate().isPresent()) {
      line +=
          ": it will be destroyed on "
              + date(key.deletionDate().get())
              + window(key)
              + ". Cancel with `coffer key cancel-deletion "
              + key.keyId()
              + "`.";
    }
    return line;
  }

  static void rotationStatus(RotationStatus status, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Key", status.keyArn());
    fields.row("Automatic rotation", status.rotationEnabled() ? "enabled" : "disabled");
    status.rotationPeriodInDays().ifPresent(d -> fields.row("Period", d + " days"));
    status.nextRotationDate().ifPresent(d -> fields.row("Next rotation", date(d)));
    status.lastRotationDate().ifPresent(d -> fields.row("Last rotation", date(d)));
    fields.print(out);
  }

  private static void versions(KeyMetadata key, PrintStream out) {
    Table table = Table.indented("  ").row("VERSION", "STATE", "ORIGIN", "ENCRYPTIONS", "CREATED");
    key.versions().stream()
        .sorted(Comparator.comparingInt(KeyVersionInfo::version).reversed())
        .forEach(
            v ->
                table.row(
                    v.version() + (v.version() == key.primaryVersion() ? " (primary)" : ""),
                    v.state().name(),
                    v.origin().name(),
                    Long.toString(v.encryptions()),
                    date(v.creationDate())));
    table.print(out);
  }

  private static String rotation(KeyMetadata key) {
    if (!key.rotationEnabled()) {
      return "automatic rotation disabled";
    }
    return "every "
        + key.rotationPeriodInDays().map(String::valueOf).orElse("?")
        + " days"
        + key.nextRotationDate().map(d -> ", next " + date(d)).orElse("");
  }

  private static String window(KeyMetadata key) {
    Optional<Integer> days = key.pendingDeletionWindowInDays();
    return days.map(d -> " (" + d + "-day window)").orElse("");
  }

  private static String tags(KeyMetadata key) {
    return key.tags().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
