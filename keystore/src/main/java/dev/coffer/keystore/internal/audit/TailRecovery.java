package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.keystore.internal.store.InterruptProofIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads the end of a log when it is opened: seals the records a crash left unsealed ({@link
 * Sealer}), checks the last segment record by record, finds where appending resumes, and cuts off a
 * torn last write (zeroing it) so that nothing before it is lost. Anything worse than a torn write
 * stops the open; the caller then runs the full verifier for the report. Only the last segment (and
 * the one holding the remembered head) is read, so opening costs one segment, not the whole log.
 */
final class TailRecovery {
  private final DigestVerifier keys;
  private final MessageDigest sha256 = Chain.newSha256();

  /**
   * Digests up to the remembered head need no signature check here: the head's hash, which the
   * keystore remembers, already vouches for every byte chained before it, and a walk that does not
   * end in that hash is refused. Checking them all made every open verify one signature per earlier
   * open's closing digest: a CLI used a few thousand times took seconds to start.
   */
  private long vouchedThrough;

  TailRecovery(DigestVerifier keys) {
    this.keys = keys;
  }

  /** The log is damaged beyond a torn write, or does not reach the remembered head. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean cutBack;

    Refused(String message, boolean cutBack) {
      super(message);
      this.cutBack = cutBack;
    }
  }

  /** A torn write that was cut off. */
  record Cut(String segment, long offset, long bytes, long sequence) {}

  /** Where appending resumes, and the digest state to continue from. */
  record Tail(
      SegmentFiles.Segment segment,
      long dataEnd,
      long nextSequence,
      byte[] lastHash,
      long lastDigestSequence,
      byte[] lastDigestSignature,
      long lastDigestGeneration,
      long eventsSinceDigest,
      long oldestSinceDigest,
      long newestSinceDigest,
      boolean segmentNeedsDigest,
      Optional<Cut> cut) {}

  /** State accumulated while walking the last segment. */
  private static final class Walk {
    long next;
    byte[] hash;
    long digestSequence;
    byte[] digestSignature = new byte[0];
    long digestGeneration;
    long events;
    long oldest;
    long newest;
    boolean sawDigest;
  }

  /**
   * Reads the tail of {@code segments} (not empty), cutting a torn write.
   *
   * @param head the head the keystore remembers, if any
   */
  Tail recover(List<SegmentFiles.Segment> segments, Optional<LogVerifier.Head> head)
      throws IOException, Refused {
    vouchedThrough = head.map(LogVerifier.Head::sequence).orElse(0L);
    SegmentFiles.Segment last = segments.get(segments.size() - 1);
    SegmentScan scan = SegmentScan.read(last);
    if (!scan.headerOk) {
      if (!isBlank(scan.data)) {
        throw new Refused("segment " + last.name() + " has a damaged header", false);
      }
      // Created just before a crash, before even its header reached the disk: nothing in it.
      Files.delete(last.path());
      if (segments.size() == 1) {
        return null;
      }
      return recover(segments.subList(0, segments.size() - 1), head);
    }
    // Nothing is written until every check has passed: a refused open leaves the log as it was.
    Optional<Reseal> reseal = Optional.empty();
    if (scan.end == FrameReader.Status.UNSEALED) {
      reseal = Optional.of(reseal(segments, scan));
      scan = SegmentScan.of(last, scan.data);
    }
    Walk walk = new Walk();
    walk.next = last.firstSequence();
    walk.hash = last.firstSequence() == 1 ? SegmentFormat.ZERO_HASH : null;
    for (int i = 0; i < scan.count(); i++) {
      step(scan, i, walk);
      if (i == 0 && last.firstSequence() > 1 && !walk.sawDigest) {
        throw new Refused("segment " + last.name() + " does not start with a digest", false);
      }
    }
    if (scan.end == FrameReader.Status.DAMAGED || scan.end == FrameReader.Status.UNSEALED) {
      throw new Refused(
          "record " + walk.next + " in " + last.name() + " is damaged: " + scan.damage, false);
    }
    boolean needsDigest = scan.count() == 0 && last.firstSequence() > 1;
    Optional<Reseal> previousReseal = Optional.empty();
    if (needsDigest) {
      // A segment created just before a crash, before its first digest: the chain continues from
      // the segment before it.
      previousReseal = continueFromPrevious(segments, walk);
    }
    if (head.isPresent()) {
      checkHead(segments, scan, head.get(), walk);
    }
    if (previousReseal.isPresent()) {
      previousReseal.get().write();
    }
    if (reseal.isPresent()) {
      reseal.get().write();
    }
    Optional<Cut> cut = Optional.empty();
    if (scan.end == FrameReader.Status.TORN) {
      long bytes = zeroFrom(last, scan.endOffset);
      cut = Optional.of(new Cut(last.name(), scan.endOffset, bytes, walk.next));
    }
    return new Tail(
        last,
        scan.dataEnd(),
        walk.next,
        walk.hash,
        walk.digestSequence,
        walk.digestSignature,
        walk.digestGeneration,
        walk.events,
        walk.oldest,
        walk.newest,
        needsDigest,
        cut);
  }

  /** Seals computed in memory, to be written once the open is known to go ahead. */
  private static final class Reseal {
    private final SegmentFiles.Segment segment;
    private final byte[] data;
    private final int from;
    private final int to;
    private final List<int[]> frames; // {frame start, CRC as found}

    Reseal(SegmentFiles.Segment segment, byte[] data, int from, int to, List<int[]> frames) {
      this.segment = segment;
      this.data = data;
      this.from = from;
      this.to = to;
      this.frames = frames;
    }

    /**
     * Writes the seals as the sealer does, hashes before CRCs: a recovery that is itself stopped
     * part-way leaves frames that still read as being sealed, and the next open finishes them.
     */
    void write() throws IOException {
      byte[] hashesFirst = Arrays.copyOfRange(data, from, to);
      for (int[] frame : frames) {
        SegmentFormat.writeInt(hashesFirst, frame[0] - from + 4, frame[1]);
      }
      InterruptProofIo.run(
          () -> {
            try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
              writeFully(ch, ByteBuffer.wrap(hashesFirst), from);
              for (int[] frame : frames) {
                writeFully(ch, ByteBuffer.wrap(data, frame[0] + 4, 4), frame[0] + 4);
              }
              ch.force(false);
            }
          });
    }
  }

  /**
   * Seals, in {@code scan}'s bytes, the frames at the end of the last segment that were written but
   * not sealed when the process stopped, from the hash of the record before them. They must run to
   * the end of the data: a sealed frame after an unsealed one is damage.
   */
  private Reseal reseal(List<SegmentFiles.Segment> segments, SegmentScan scan)
      throws IOException, Refused {
    SegmentFiles.Segment last = scan.segment;
    byte[] previous;
    long sequence;
    if (scan.count() > 0) {
      previous = scan.storedHash(scan.count() - 1);
      sequence = scan.sequenceAt(scan.count() - 1) + 1;
    } else if (last.firstSequence() == 1) {
      previous = SegmentFormat.ZERO_HASH;
      sequence = 1;
    } else {
      previous = lastHashBefore(segments);
      sequence = last.firstSequence();
    }
    byte[] data = scan.data;
    FrameReader reader = new FrameReader(data, data.length, scan.endOffset);
    CRC32C crc = new CRC32C();
    byte[] hash = new byte[SegmentFormat.HASH_SIZE];
    FrameReader.Status status;
    List<int[]> stored = new ArrayList<>(); // {frame start, CRC as found}
    while ((status = reader.next()) == FrameReader.Status.UNSEALED) {
      int start = reader.frameStart();
      stored.add(new int[] {start, SegmentFormat.readInt(data, start + 4)});
      if (SegmentScan.sequenceOfFrame(data, start, reader.recordLength()) != sequence) {
        throw new Refused(
            "the unsealed record at offset "
                + start
                + " of "
                + last.name()
                + " is not record "
                + sequence,
            false);
      }
      Chain.sealFrame(data, start, reader.recordLength(), sequence, previous, sha256, crc, hash);
      previous = hash.clone();
      sequence++;
      if (reader.next() != FrameReader.Status.FRAME) {
        throw new IllegalStateException("a frame just sealed does not read back");
      }
    }
    if (status == FrameReader.Status.FRAME) {
      throw new Refused(
          "record " + sequence + " in " + last.name() + " is sealed after an unsealed one", false);
    }
    return new Reseal(last, data, scan.endOffset, reader.position(), stored);
  }

  private static void writeFully(FileChannel ch, ByteBuffer bytes, long at) throws IOException {
    long position = at;
    while (bytes.hasRemaining()) {
      position += ch.write(bytes, position);
    }
  }

  /** The hash of the last record of the segment before the last. */
  private static byte[] lastHashBefore(List<SegmentFiles.Segment> segments)
      throws IOException, Refused {
    if (segments.size() < 2) {
      throw new Refused("the log's only segment does not start at record 1", false);
    }
    SegmentScan before = SegmentScan.read(segments.get(segments.size() - 2));
    if (!before.headerOk || before.end != FrameReader.Status.END || before.count() == 0) {
      throw new Refused("segment " + before.segment.name() + " is damaged", false);
    }
    return before.storedHash(before.count() - 1);
  }

  /** Empty or all zeros: a file whose creation a crash interrupted. */
  private static boolean isBlank(byte[] data) {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private void step(SegmentScan scan, int i, Walk walk) throws Refused {
    RecordHeader record;
    try {
      record = RecordHeader.read(scan, i);
    } catch (IOException e) {
      throw new Refused("record " + walk.next + " does not parse", false);
    }
    if (record.sequence() != walk.next) {
      throw new Refused(
          "record " + record.sequence() + " is where record " + walk.next + " belongs", false);
    }
    byte[] previous = record.previousHash();
    if (walk.hash != null && !MessageDigest.isEqual(previous, walk.hash)) {
      throw new Refused("record " + walk.next + " does not chain to the record before it", false);
    }
    byte[] hash = scan.computeHash(i, previous, sha256);
    if (!MessageDigest.isEqual(hash, scan.storedHash(i))) {
      throw new Refused("record " + walk.next + " does not match its hash", false);
    }
    if (record.isDigest()) {
      byte[] statement = record.digest().getStatement().toByteArray();
      byte[] signature = record.digest().getSignature().toByteArray();
      if (walk.next > vouchedThrough && !keys.verify(statement, signature)) {
        throw new Refused(
            "the digest at record " + walk.next + " does not verify under this keystore's key",
            false);
      }
      try {
        walk.digestGeneration = AuditDigestStatement.parseFrom(statement).getKeystoreGeneration();
      } catch (IOException e) {
        throw new Refused("the digest at record " + walk.next + " does not parse", false);
      }
      walk.sawDigest = true;
      walk.digestSequence = walk.next;
      walk.digestSignature = signature;
      walk.events = 0;
      walk.oldest = 0;
      walk.newest = 0;
    } else {
      long time = record.eventTimeMillis();
      walk.oldest = walk.events == 0 ? time : Math.min(walk.oldest, time);
      walk.newest = walk.events == 0 ? time : Math.max(walk.newest, time);
      walk.events++;
    }
    walk.hash = hash;
    walk.next++;
  }

  /**
   * Takes the chain and digest state from the segment before the last, sealing (in memory, for the
   * caller to write) records at its end left unsealed: a roll seals them before it creates the next
   * segment, but after a power loss the disk can hold the new segment and not those seals.
   */
  private Optional<Reseal> continueFromPrevious(List<SegmentFiles.Segment> segments, Walk walk)
      throws IOException, Refused {
    if (segments.size() < 2) {
      throw new Refused("the log's only segment does not start at record 1", false);
    }
    SegmentFiles.Segment previous = segments.get(segments.size() - 2);
    SegmentScan scan = SegmentScan.read(previous);
    Optional<Reseal> reseal = Optional.empty();
    if (scan.headerOk && scan.end == FrameReader.Status.UNSEALED) {
      reseal = Optional.of(reseal(segments.subList(0, segments.size() - 1), scan));
      scan = SegmentScan.of(previous, scan.data);
    }
    if (!scan.headerOk || scan.end != FrameReader.Status.END) {
      throw new Refused("segment " + previous.name() + " is damaged", false);
    }
    Walk before = new Walk();
    before.next = previous.firstSequence();
    before.hash = previous.firstSequence() == 1 ? SegmentFormat.ZERO_HASH : null;
    for (int i = 0; i < scan.count(); i++) {
      step(scan, i, before);
    }
    if (before.next != walk.next) {
      throw new Refused("segment " + previous.name() + " does not lead to the last one", false);
    }
    walk.hash = before.hash;
    walk.digestSequence = before.digestSequence;
    walk.digestSignature = before.digestSignature;
    walk.digestGeneration = before.digestGeneration;
    walk.events = before.events;
    walk.oldest = before.oldest;
    walk.newest = before.newest;
    return reseal;
  }

  private void checkHead(
      List<SegmentFiles.Segment> segments, SegmentScan lastScan, LogVerifier.Head head, Walk walk)
      throws IOException, Refused {
    if (head.sequence() > walk.next - 1) {
      throw cutBack(head, walk.next - 1);
    }
    SegmentFiles.Segment holder = null;
    for (SegmentFiles.Segment s : segments) {
      if (s.firstSequence() <= head.sequence()) {
        holder = s;
      }
    }
    if (holder == null) {
      return; // removed by retention: the log starts after the head
    }
    SegmentScan scan = holder == lastScan.segment ? lastScan : SegmentScan.read(holder);
    for (int i = 0; i < scan.count(); i++) {
      if (scan.sequenceAt(i) == head.sequence()) {
        if (!MessageDigest.isEqual(scan.storedHash(i), head.hash())) {
          throw new Refused(
              "record " + head.sequence() + " is not the one the keystore remembers", true);
        }
        return;
      }
    }
    throw new Refused("record " + head.sequence() + " is missing from " + holder.name(), true);
  }

  private static Refused cutBack(LogVerifier.Head head, long lastSequence) {
    return new Refused(
        "the log ends at record "
            + lastSequence
            + " but the keystore remembers record "
            + head.sequence()
            + ": it was cut back or replaced by an older copy",
        true);
  }

  /** Zeroes a torn write at {@code offset} (up to the last non-zero byte); returns how many. */
  private static long zeroFrom(SegmentFiles.Segment segment, long offset) throws IOException {
    byte[] data = Files.readAllBytes(segment.path());
    int end = data.length;
    while (end > offset && data[end - 1] == 0) {
      end--;
    }
    int length = end - (int) offset;
    InterruptProofIo.run(
        () -> {
          try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(length);
            while (zeros.hasRemaining()) {
              ch.write(zeros, offset + zeros.position());
            }
            ch.force(false);
          }
        });
    return length;
  }
}
