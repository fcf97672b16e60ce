package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_OVERHEAD;
import static dev.coffer.keystore.internal.audit.SegmentFormat.FRAME_PREFIX;
import static dev.coffer.keystore.internal.audit.SegmentFormat.HASH_SIZE;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Seals the frames the writer leaves unsealed ({@link Chain}), in order, on a thread of its own:
 * the SHA-256 of each record, the largest part of an append, runs beside the appending thread
 * instead of on it. The CPU spent per record is the same; the appender does not wait for it.
 *
 * <p>The sealed end is the chain's head: what readers may read, what a digest signs and what {@code
 * head()} reports. Whoever needs it current calls {@link #sealAll}, which seals what is left on the
 * calling thread; the writer does so before each digest, before leaving a segment and before an
 * fsync. It reads frames through the segment's latest mapping, which the writer makes cover every
 * frame not yet sealed ({@link #sealedEnd}). A crash can leave the last frames unsealed; they are
 * whole (the writer stores a frame's length last), and opening the log seals them ({@link
 * TailRecovery}).
 *
 * <p>When idle the thread spins briefly, then sleeps longer and longer; the writer wakes it only
 * once a sleeping sealer has fallen {@value #WAKE_LAG} bytes behind, so a quiet log costs neither
 * side a wake-up per record.
 */
final class Sealer {
  /** How far a reader may read: the active segment and its sealed end. */
  record Readable(Path active, long end) {}

  /** The sealed head: the last sealed record and its hash. */
  record Head(long sequence, byte[] hash) {}

  static final int WAKE_LAG = 64 << 10;
  private static final long SPIN_NANOS = 2_000;
  private static final long MIN_SLEEP_NANOS = 200_000;
  private static final long MAX_SLEEP_NANOS = 50_000_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final MessageDigest sha256 = Chain.newSha256();
  private final CRC32C crc = new CRC32C();
  private final Consumer<Throwable> failed;
  private final Thread thread;

  // Guarded by lock.
  private SegmentWriter segment;
  private long sealedEnd;
  private long nextSequence;
  private final byte[] lastHash = new byte[HASH_SIZE];
  private byte[] scratch = new byte[4096];

  private volatile long published;
  private volatile Readable readable;
  private volatile boolean sleeping;
  private volatile boolean stopped;

  /**
   * Starts sealing {@code segment} after its last whole frame.
   *
   * @param nextSequence the sequence number of the first frame to seal
   * @param lastHash the hash of the record before it
   * @param failed told if sealing fails, which fails the log
   */
  Sealer(
      String name,
      SegmentWriter segment,
      long nextSequence,
      byte[] lastHash,
      Consumer<Throwable> failed) {
    this.failed = failed;
    this.nextSequence = nextSequence;
    System.arraycopy(lastHash, 0, this.lastHash, 0, HASH_SIZE);
    startAt(segment);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void startAt(SegmentWriter next) {
    segment = next;
    sealedEnd = next.position();
    published = sealedEnd;
    readable = new Readable(next.path, sealedEnd);
  }

  /** The writer has written frames up to {@code end} of the active segment. */
  void publish(long end) {
    published = end;
    if (sleeping && end - readable.end() >= WAKE_LAG) {
      sleeping = false;
      LockSupport.unpark(thread);
    }
  }

  /** Where the frames not yet sealed start in the active segment (or later: it only grows). */
  long sealedEnd() {
    return readable.end();
  }

  /** Seals every published frame now, on this thread if the sealer has not got to them. */
  void sealAll() {
    lock.lock();
    try {
      sealPublished();
    } finally {
      lock.unlock();
    }
  }

  /** Seals what is left of the active segment, then moves to the next one. */
  void switchTo(SegmentWriter next) {
    lock.lock();
    try {
      sealPublished();
      startAt(next);
    } finally {
      lock.unlock();
    }
  }

  /** The sealed head, after sealing everything published. */
  Head head() {
    lock.lock();
    try {
      sealPublished();
      return new Head(nextSequence - 1, lastHash.clone());
    } finally {
      lock.unlock();
    }
  }

  /** How far readers may read, after sealing everything published. */
  Readable readable() {
    sealAll();
    return readable;
  }

  /** Stops the thread; frames published later are sealed only by {@link #sealAll}. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Seals frames from the sealed end up to the published end. Called under the lock. */
  private void sealPublished() {
    long end = published;
    if (sealedEnd >= end) {
      return;
    }
    SegmentWriter.Mapping mapping = segment.mapping();
    while (sealedEnd < end) {
      if (!mapping.covers(sealedEnd, FRAME_PREFIX)) {
        mapping = segment.mapping();
      }
      ByteBuffer map = mapping.buffer();
      int at = (int) (sealedEnd - mapping.start());
      int recordLength = map.getInt(at);
      int frameLength = FRAME_OVERHEAD + recordLength;
      if (!mapping.covers(sealedEnd, frameLength)) {
        mapping = segment.mapping();
        if (!mapping.covers(sealedEnd, frameLength)) {
          throw new IllegalStateException("audit frame at " + sealedEnd + " is not mapped");
        }
        map = mapping.buffer();
        at = (int) (sealedEnd - mapping.start());
      }
      if (scratch.length < frameLength) {
        scratch = new byte[Math.max(frameLength, scratch.length * 2)];
      }
      byte[] f = scratch;
      map.get(at, f, 0, frameLength);
      long sequence = nextSequence;
      Chain.sealFrame(f, 0, recordLength, sequence, lastHash, sha256, crc, lastHash);
      int previousAt = Chain.previousHashOffset(sequence);
      map.put(at + previousAt, f, previousAt, HASH_SIZE);
      map.put(at + FRAME_PREFIX + recordLength, f, FRAME_PREFIX + recordLength, HASH_SIZE);
      // The CRC last: until it lands, the frame still reads as unsealed, never as damaged. One
      // int store where the JIT makes it one; a store stopped part-way is recognised as well.
      VarHandle.storeStoreFence();
      map.putInt(at + 4, SegmentFormat.readInt(f, 4));
      sealedEnd += frameLength;
      nextSequence = sequence + 1;
    }
    readable = new Readable(segment.path, sealedEnd);
  }

  private void run() {
    long idleSince = 0;
    while (!stopped) {
      if (published != readable.end()) {
        try {
          sealAll();
        } catch (RuntimeException | Error e) {
          failed.accept(e);
          return;
        }
        idleSince = 0;
        continue;
      }
      long now = System.nanoTime();
      if (idleSince == 0) {
        idleSince = now;
      }
      long idle = now - idleSince;
      if (idle < SPIN_NANOS) {
        Thread.onSpinWait();
        continue;
      }
      sleeping = true;
      if (published != readable.end()) {
        sleeping = false;
        continue;
      }
      LockSupport.parkNanos(this, Math.min(MAX_SLEEP_NANOS, Math.max(MIN_SLEEP_NANOS, idle / 4)));
      sleeping = false;
    }
  }
}
