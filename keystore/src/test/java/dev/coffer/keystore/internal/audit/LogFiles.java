package dev.coffer.keystore.internal.audit;

import com.google.protobuf.ByteString;
import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditLogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reads and rewrites raw log files, to tamper with them the way an attacker could. */
public final class LogFiles {
  private LogFiles() {}

  /** One whole frame as stored. */
  public record Frame(Path segment, int offset, int length, long sequence, AuditLogRecord record) {
    public boolean digest() {
      return record.hasDigest();
    }
  }

  /**
   * Whether {@code frame}'s checksum in {@code segment} reads as a sealing the sealer was stopped
   * in: each of its bytes that of the unsealed frame's checksum or of the sealed one's.
   */
  public static boolean checksumMidSeal(byte[] segment, Frame frame) {
    return Chain.unsealed(
        segment, frame.offset(), frame.length() - SegmentFormat.FRAME_OVERHEAD, new CRC32C());
  }

  /** The checksum {@code frame} has while it is written but not yet sealed. */
  public static int unsealedChecksum(byte[] segment, Frame frame) {
    return Chain.unsealedChecksum(
            segment, frame.offset(), frame.length() - SegmentFormat.FRAME_OVERHEAD, new CRC32C())
        .orElseThrow();
  }

  public static List<Path> segments(Path directory) throws IOException {
    return SegmentFiles.list(directory).stream().map(SegmentFiles.Segment::path).toList();
  }

  /** Every frame of every segment, in order. */
  public static List<Frame> frames(Path directory) throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (SegmentFiles.Segment s : SegmentFiles.list(directory)) {
      SegmentScan scan = SegmentScan.read(s);
      for (int i = 0; i < scan.count(); i++) {
        AuditLogRecord record = scan.parse(i);
        frames.add(
            new Frame(
                s.path(),
                scan.frameOffset(i),
                SegmentFormat.FRAME_OVERHEAD + scan.recordLength(i),
                record.getSequence(),
                record));
      }
    }
    return frames;
  }

  /**
   * Replaces the whole log with one segment holding {@code records} in this order, re-chained as
   * the writer would: previous hashes, hashes and checksums recomputed. Sequence numbers are kept
   * as given, so a forger can renumber or not.
   */
  public static void rewrite(Path directory, List<AuditLogRecord> records) throws IOException {
    for (Path p : segments(directory)) {
      Files.delete(p);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(SegmentFormat.header());
    byte[] previous = SegmentFormat.ZERO_HASH;
    if (!records.isEmpty() && records.get(0).getSequence() > 1) {
      previous = records.get(0).getPreviousHash().toByteArray();
    }
    for (AuditLogRecord r : records) {
      Chain chain = new Chain(r.getSequence());
      byte[] body = r.hasDigest() ? r.getDigest().toByteArray() : r.getEvent().toByteArray();
      chain.build(r.hasDigest() ? Chain.DIGEST_FIELD : Chain.EVENT_FIELD, body, body.length);
      previous = chain.seal(previous);
      out.write(chain.frame, 0, chain.frameLength);
    }
    long first = records.isEmpty() ? 1 : records.get(0).getSequence();
    Files.write(directory.resolve(SegmentFormat.fileName(first)), out.toByteArray());
  }

  /** How a frame is left by {@link #nextFrames}. */
  public enum Seal {
    /** Sealed, as every frame is once the log has caught up. */
    SEALED,
    /** Written but not sealed: previous hash and hash zeros, as the writer leaves it. */
    UNSEALED,
    /** Previous hash and hash written, the CRC not yet: a sealing interrupted. */
    HALF_SEALED
  }

  /**
   * The frame the writer would append next, as bytes: a copy of the last event, renumbered and
   * chained to the last record.
   */
  public static byte[] nextFrame(Path directory) throws IOException {
    return nextFrames(directory, Seal.SEALED).get(0);
  }

  /**
   * Frames the writer would append next, one per {@code seals}: copies of the last event,
   * renumbered, each sealed (chained to the one before) or not as given.
   */
  public static List<byte[]> nextFrames(Path directory, Seal... seals) throws IOException {
    List<Frame> frames = frames(directory);
    Frame last = frames.get(frames.size() - 1);
    AuditLogRecord event = null;
    for (Frame f : frames) {
      if (!f.digest()) {
        event = f.record();
      }
    }
    byte[] data = Files.readAllBytes(last.segment());
    byte[] previous =
        java.util.Arrays.copyOfRange(
            data,
            last.offset() + last.length() - SegmentFormat.HASH_SIZE,
            last.offset() + last.length());
    byte[] body = event.getEvent().toByteArray();
    List<byte[]> out = new ArrayList<>();
    Chain chain = new Chain(last.sequence() + 1);
    for (Seal seal : seals) {
      chain.build(Chain.EVENT_FIELD, body, body.length);
      byte[] unsealedCrc = java.util.Arrays.copyOfRange(chain.frame, 4, 8);
      byte[] hash = chain.seal(previous);
      if (seal == Seal.UNSEALED) {
        chain.build(Chain.EVENT_FIELD, body, body.length);
      } else if (seal == Seal.HALF_SEALED) {
        System.arraycopy(unsealedCrc, 0, chain.frame, 4, 4);
      }
      out.add(java.util.Arrays.copyOf(chain.frame, chain.frameLength));
      chain.advance();
      previous = hash;
    }
    return out;
  }

  /**
   * How many bytes of a torn write at the end of a segment the open cuts: up to its last non-zero
   * byte, since zeros past it cannot be told from the zero-filled rest of the file. A record's last
   * bytes are zero by chance now and then (its contents vary per run).
   */
  public static int tornBytes(byte[] written) {
    int end = written.length;
    while (end > 0 && written[end - 1] == 0) {
      end--;
    }
    return end;
  }

  /** Appends bytes to the last segment, as a crash would leave them. */
  public static void appendToLastSegment(Path directory, byte[] bytes) throws IOException {
    List<Path> segments = segments(directory);
    Files.write(segments.get(segments.size() - 1), bytes, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Creates an empty next segment (header only), as a crash right after a roll leaves it. */
  public static Path createEmptyNextSegment(Path directory) throws IOException {
    List<Frame> frames = frames(directory);
    Path next =
        directory.resolve(SegmentFormat.fileName(frames.get(frames.size() - 1).sequence() + 1));
    Files.write(next, SegmentFormat.header());
    return next;
  }

  /** Creates an empty segment (header only) whose first record will be {@code firstSequence}. */
  public static Path createEmptySegment(Path directory, long firstSequence) throws IOException {
    Path next = directory.resolve(SegmentFormat.fileName(firstSequence));
    Files.write(next, SegmentFormat.header());
    return next;
  }

  /** The same record with another sequence number. */
  public static AuditLogRecord renumbered(AuditLogRecord r, long sequence) {
    return r.toBuilder().setSequence(sequence).build();
  }

  /** A digest record whose statement was changed by {@code forge}, keeping its signature. */
  public static AuditLogRecord withStatement(AuditLogRecord digest, byte[] statement) {
    return digest.toBuilder()
        .setDigest(
            AuditDigestRecord.newBuilder(digest.getDigest())
                .setStatement(ByteString.copyFrom(statement)))
        .build();
  }

  /** A digest record re-signed with another Ed25519 key: a forger's own signature. */
  public static AuditLogRecord resignedWithAnotherKey(AuditLogRecord digest) throws Exception {
    SigningKeys other = SigningKeys.parse(SigningKeys.generate());
    byte[] statement = digest.getDigest().getStatement().toByteArray();
    return digest.toBuilder()
        .setDigest(
            AuditDigestRecord.newBuilder(digest.getDigest())
                .setSignature(ByteString.copyFrom(other.sign(statement))))
        .build();
  }
}
