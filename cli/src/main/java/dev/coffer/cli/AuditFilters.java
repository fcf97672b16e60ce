package dev.coffer.cli;

import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.audit.AuditQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The filters of {@code audit query} and {@code audit export}, a picocli mixin. */
final class AuditFilters {
  private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "From TIME: 2026-01-31, 2026-01-31T12:00:00Z, or 30m, 12h, 7d ago.")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Before TIME (same forms).")
  String until;

  @Option(names = "--principal", paramLabel = "ARN", description = "Calls by this principal.")
  String principal;

  @Option(
      names = "--event",
      paramLabel = "NAME",
      description = "Calls of this operation, e.g. GenerateDataKey.")
  String event;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "Calls on this key: id, ARN, or the alias the caller used.")
  String key;

  @Option(names = "--bucket", paramLabel = "NAME", description = "Calls on this bucket.")
  String bucket;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Calls on object keys starting with PREFIX.")
  String prefix;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "ALLOWED, DENIED or ERROR.")
  String outcome;

  @Option(names = "--newest-first", description = "Newest records first (default: oldest first).")
  boolean newestFirst;

  AuditQuery.Builder query() {
    AuditQuery.Builder q = AuditQuery.builder();
    if (since != null) {
      q.since(time(since));
    }
    if (until != null) {
      q.until(time(until));
    }
    q.principal(principal).eventName(event).key(key).bucket(bucket).objectKeyPrefix(prefix);
    if (outcome != null) {
      try {
        q.outcome(AuditOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("--outcome must be ALLOWED, DENIED or ERROR");
      }
    }
    if (newestFirst) {
      q.newestFirst();
    }
    return q;
  }

  static Instant time(String text) {
    Matcher ago = AGO.matcher(text);
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      Duration d =
          switch (ago.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return Instant.now().minus(d);
    }
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException(
          "not a time: " + text + " (use 2026-01-31, 2026-01-31T12:00:00Z, or 30m, 12h, 7d)");
    }
  }
}
