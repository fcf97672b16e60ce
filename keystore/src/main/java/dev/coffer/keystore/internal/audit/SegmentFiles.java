package dev.coffer.keystore.internal.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The segment files of a log directory, oldest first. */
final class SegmentFiles {
  private SegmentFiles() {}

  /**
   * A segment file, and how much of it a reader may read: all of it, or for the segment being
   * written, the frames already complete.
   */
  record Segment(Path path, long firstSequence, long readLimit) {
    String name() {
      return path.getFileName().toString();
    }
  }

  /** Every segment, whole, sorted by first sequence number. */
  static List<Segment> list(Path directory) throws IOException {
    List<Segment> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Optional<Long> first = SegmentFormat.firstSequence(file);
        if (first.isPresent()) {
          segments.add(new Segment(file, first.get(), Long.MAX_VALUE));
        }
      }
    }
    segments.sort(Comparator.comparingLong(Segment::firstSequence));
    return segments;
  }

  /** The segments as a reader may see them while {@code active} is written up to {@code end}. */
  static List<Segment> live(Path directory, Path active, long end) throws IOException {
    long activeFirst = SegmentFormat.firstSequence(active).orElse(Long.MAX_VALUE);
    List<Segment> segments = new ArrayList<>();
    for (Segment s : list(directory)) {
      if (s.firstSequence() > activeFirst) {
        continue; // created by a roll under way: not readable until the writer moves to it
      }
      segments.add(s.path().equals(active) ? new Segment(s.path(), s.firstSequence(), end) : s);
    }
    return segments;
  }
}
