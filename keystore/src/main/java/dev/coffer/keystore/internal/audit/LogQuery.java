package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.VerificationReport.Kind;
import dev.coffer.keystore.audit.VerificationReport.Problem;
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
 * other filters simply resumes there. Reading does not verify the chain ({@code verify} does), but
 * it does not pass damage silently either: a query that reaches a record it cannot read (a frame
 * that fails its checksum or does not parse, a damaged segment header) fails there, naming it, as
 * {@code verify} would, rather than leave out the records behind it (a page returns what it read
 * before the damage, and the next fails). Only the end a log copied while in use (or a crash)
 * leaves, a torn write or records not yet sealed at the end of the last segment, ends the read
 * quietly: opening the log repairs it, and a copy can only be read up to it.
 */
final class LogQuery {
  private static final String TOKEN_PREFIX = "coffer-audit/1/";

  private LogQuery() {}

  static AuditPage page(List<SegmentFiles.Segment> segments, AuditQuery query) throws IOException {
    List<AuditRecord> found = new ArrayList<>();
    long[] next = {-1};
    try {
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
    } catch (AuditIntegrityException e) {
      if (found.isEmpty()) {
        throw e;
      }
      // What was read before the damage is still an answer: the next page fails at the damage.
      long last = found.get(found.size() - 1).sequence();
      next[0] = query.order() == AuditQuery.Order.OLDEST_FIRST ? last + 1 : last - 1;
    }
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
      // Damage is reported where the walk meets it: after the segment's whole frames oldest first,
      // before them newest first, since the records past the damage are newer than those before it.
      if (!oldestFirst) {
        checkEnd(segments, s, scan);
      }
      for (int j = 0; j < scan.count(); j++) {
        int i = oldestFirst ? j : scan.count() - 1 - j;
        AuditLogRecord record = parse(scan, i);
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
      if (oldestFirst) {
        checkEnd(segments, s, scan);
      }
    }
  }

  private static AuditLogRecord parse(SegmentScan scan, int i) {
    try {
      return scan.parse(i);
    } catch (IOException e) {
      long sequence = i == 0 ? scan.segment.firstSequence() : scan.sequenceAt(i - 1) + 1;
      throw unreadable(
          scan.segment,
          new Problem(
              Kind.EDITED,
              sequence,
              scan.segment.name(),
              scan.frameOffset(i),
              "it does not parse as an audit record"));
    }
  }

  /**
   * Refuses a segment that does not end cleanly, unless it ends the log the way a copy of a log in
   * use does (which {@link VerifyFailure#badEnd} calls a cut tail, not damage).
   */
  private static void checkEnd(List<SegmentFiles.Segment> segments, int s, SegmentScan scan)
      throws IOException {
    if (scan.end == FrameReader.Status.END) {
      return;
    }
    SegmentFiles.Segment segment = scan.segment;
    boolean last = s == segments.size() - 1;
    if (!scan.headerOk) {
      if (last && blank(scan.data)) {
        return; // created just before a crash or the copy, before even its header was written
      }
      throw unreadable(
          segment,
          new Problem(
              Kind.EDITED,
              segment.firstSequence(),
              segment.name(),
              0,
              "the segment header is damaged: not a version 1 Coffer audit segment"));
    }
    long before = scan.count() == 0 ? -1 : scan.sequenceAt(scan.count() - 1);
    long next = before < 0 ? segment.firstSequence() : before + 1;
    boolean endsLog = last || unsealedBeforeAnEmptyLast(scan, segments, s);
    Problem problem = VerifyFailure.badEnd(scan, endsLog, next).problem;
    if (problem.kind() != Kind.CUT_TAIL) {
      throw unreadable(segment, problem);
    }
  }

  /**
   * Whether segment {@code s} ends in records not yet sealed and the only segment after it is still
   * empty: a copy taken (or a crash) as the log moved on to that segment. As {@link LogVerifier}.
   */
  private static boolean unsealedBeforeAnEmptyLast(
      SegmentScan scan, List<SegmentFiles.Segment> segments, int s) throws IOException {
    return scan.end == FrameReader.Status.UNSEALED
        && s == segments.size() - 2
        && SegmentScan.read(segments.get(s + 1)).count() == 0;
  }

  private static boolean blank(byte[] data) {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static AuditIntegrityException unreadable(SegmentFiles.Segment segment, Problem problem) {
    return new AuditIntegrityException(
        "the audit log "
            + segment.path().getParent()
            + " cannot be read beyond a damaged record: "
            + problem);
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
