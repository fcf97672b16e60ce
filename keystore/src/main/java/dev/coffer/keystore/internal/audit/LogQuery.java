package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Answers queries by reading segments in the query's order. A resume token names the sequence
 * number to continue from and the order it belongs to; it carries no filter, so a token used with
 * other filters simply resumes there. Reading does not verify the chain ({@code verify} does);
 * frames that fail their checksum end the read of their segment.
 */
final class LogQuery {
  private static final String TOKEN_PREFIX = "coffer-audit/1/";

  private LogQuery() {}

  static AuditPage page(List<SegmentFiles.Segment> segments, AuditQuery query) throws IOException {
    List<AuditRecord> found = new ArrayList<>();
    long[] next = {-1};
    walk(
        segments,
        query,
        resumeAt(query),
        record -> {
          if (found.size() == query.limit()) {
            next[0] = record.sequence();
            return false;
          }
          found.add(record);
          return true;
        });
    return new AuditPage(
        found, next[0] < 0 ? Optional.empty() : Optional.of(token(query.order(), next[0])));
  }

  static long export(List<SegmentFiles.Segment> segments, AuditQuery query, Appendable out)
      throws IOException {
    long[] count = {0};
    walk(
        segments,
        query,
        query.order() == AuditQuery.Order.OLDEST_FIRST ? 0 : Long.MAX_VALUE,
        record -> {
          try {
            out.append(record.toJson()).append('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          count[0]++;
          return true;
        });
    return count[0];
  }

  @FunctionalInterface
  private interface Visitor {
    /** Returns false to stop. */
    boolean visit(AuditRecord record);
  }

  private static void walk(
      List<SegmentFiles.Segment> segments, AuditQuery query, long start, Visitor visitor)
      throws IOException {
    boolean oldestFirst = query.order() == AuditQuery.Order.OLDEST_FIRST;
    for (int k = 0; k < segments.size(); k++) {
      int s = oldestFirst ? k : segments.size() - 1 - k;
      SegmentFiles.Segment segment = segments.get(s);
      if (oldestFirst && s + 1 < segments.size() && segments.get(s + 1).firstSequence() <= start) {
        continue;
      }
      if (!oldestFirst && segment.firstSequence() > start) {
        continue;
      }
      SegmentScan scan;
      try {
        scan = SegmentScan.read(segment);
      } catch (NoSuchFileException e) {
        continue; // removed by retention since the listing
      }
      for (int j = 0; j < scan.count(); j++) {
        int i = oldestFirst ? j : scan.count() - 1 - j;
        AuditLogRecord record = scan.parse(i);
        long sequence = record.getSequence();
        if (!record.hasEvent() || (oldestFirst ? sequence < start : sequence > start)) {
          continue;
        }
        AuditRecord view =
            RecordViews.event(
                sequence,
                record.getEvent(),
                record.getPreviousHash().toByteArray(),
                scan.storedHash(i));
        if (query.matches(view) && !visitor.visit(view)) {
          return;
        }
      }
    }
  }

  private static long resumeAt(AuditQuery query) {
    boolean oldestFirst = query.order() == AuditQuery.Order.OLDEST_FIRST;
    if (query.resumeToken().isEmpty()) {
      return oldestFirst ? 0 : Long.MAX_VALUE;
    }
    String token;
    try {
      token =
          new String(
              Base64.getUrlDecoder().decode(query.resumeToken().get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badToken();
    }
    String expected = TOKEN_PREFIX + (oldestFirst ? "asc/" : "desc/");
    if (!token.startsWith(expected)) {
      throw badToken();
    }
    try {
      return Long.parseLong(token.substring(expected.length()));
    } catch (NumberFormatException e) {
      throw badToken();
    }
  }

  private static String token(AuditQuery.Order order, long sequence) {
    String text =
        TOKEN_PREFIX + (order == AuditQuery.Order.OLDEST_FIRST ? "asc/" : "desc/") + sequence;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static InvalidArgumentException badToken() {
    return new InvalidArgumentException(
        "not a resume token of this query's order (tokens come from AuditPage.resumeToken)");
  }
}
