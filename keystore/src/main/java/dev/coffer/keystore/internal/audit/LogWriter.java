package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.DurableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Appends records under one lock: builds each frame, copies it into the active segment unsealed
 * (the {@link Sealer} hashes it on its own thread), rolls to a new segment (which starts with a
 * digest) when one is full, and signs digests every N events. Sealing a finished segment goes to
 * the background executor; each new digest's head goes to the {@code digested} callback, to be
 * anchored in the keystore.
 *
 * <p>A failure that may have left a frame half-written (a failed copy or fsync) fails the writer
 * for good: every later append and {@link #ensureAvailable} throws, until the log is reopened and
 * recovery has looked at the tail. A failure before anything was written (no space for a new
 * segment or chunk) fails only that call.
 */
final class LogWriter {
  private static final int DIGEST_ROOM = 4096;

  /** A digest's head, to be anchored once the segment it is in is durable. */
  record Digested(AuditState.Head head, SegmentWriter segment) {}

  private final AuditLogConfig config;
  private final Clock clock;
  private final LogAnchor anchor;
  private final LogHook hook;
  private final Executor background;
  private final Consumer<Digested> digested;
  private final Runnable rolled;
  private final ReentrantLock lock = new ReentrantLock();
  private final GroupCommit groupCommit = new GroupCommit();

  private final Sealer sealer;

  // Guarded by lock.
  private final Chain chain;
  private final Digests digests;
  private SegmentWriter writer;
  private long written;

  private volatile SegmentWriter active;
  private volatile Throwable failure;
  private volatile boolean closed;

  LogWriter(
      AuditLogConfig config,
      Clock clock,
      LogAnchor anchor,
      LogHook hook,
      SigningKeys keys,
      SegmentWriter writer,
      TailRecovery.Tail tail,
      Executor background,
      Consumer<Digested> digested,
      Runnable rolled) {
    this.config = config;
    this.clock = clock;
    this.anchor = anchor;
    this.hook = hook;
    this.background = background;
    this.digested = digested;
    this.rolled = rolled;
    this.writer = writer;
    this.active = writer;
    this.chain = new Chain(tail == null ? 1 : tail.nextSequence());
    this.digests = new Digests(keys, tail);
    this.sealer =
        new Sealer(
            "coffer-audit-sealer " + config.directory().getFileName(),
            writer,
            chain.nextSequence(),
            tail == null ? SegmentFormat.ZERO_HASH : tail.lastHash(),
            this::fail);
  }

  /** Appends an encoded event; returns once it is in the OS, or with sync on, on the device. */
  void appendEvent(EventEncoder.Encoded event) {
    long durableAt;
    lock.lock();
    try {
      checkUsable();
      appendLocked(Chain.EVENT_FIELD, event.bytes, event.length);
      digests.noteEvent(event.timeMillis);
      if (digests.events() >= config.digestRecords()) {
        digestLocked("records");
      }
      durableAt = written;
    } finally {
      lock.unlock();
    }
    if (config.sync()) {
      try {
        groupCommit.await(durableAt, this::flush);
      } catch (IOException | RuntimeException e) {
        fail(e);
        throw unavailable("cannot sync the audit log", e);
      }
    }
  }

  /**
   * Makes room for a record of ordinary size now, so that the append after a keystore commit does
   * not need new space: rolling or extending fails here, before the change, if the disk cannot.
   */
  void ensureAvailable() {
    lock.lock();
    try {
      checkUsable();
      int room = (int) Math.min(64 << 10, config.segmentSize() / 4);
      if (!writer.fits(room)) {
        roll();
      }
      writer.ensureRoom(room, sealer.sealedEnd());
    } catch (IOException e) {
      throw unavailable("no space for the audit record", e);
    } finally {
      lock.unlock();
    }
  }

  private void checkUsable() {
    Throwable failed = failure;
    if (failed != null) {
      throw new AuditUnavailableException(
          "audit log "
              + config.directory()
              + " failed and refuses records until reopened: "
              + failed.getMessage(),
          failed);
    }
    if (closed) {
      throw new AuditUnavailableException("audit log " + config.directory() + " is closed");
    }
  }

  private void appendLocked(int field, byte[] body, int length) {
    int frameSize = Chain.frameSize(chain.nextSequence(), length);
    if (frameSize - SegmentFormat.FRAME_OVERHEAD > SegmentFormat.MAX_RECORD) {
      throw new AuditUnavailableException("audit record of " + length + " bytes is too large");
    }
    if (!writer.fits(frameSize)) {
      roll();
    }
    try {
      writer.ensureRoom(frameSize, sealer.sealedEnd());
    } catch (IOException e) {
      throw unavailable("no space for the audit record", e);
    }
    chain.build(field, body, length);
    try {
      writer.write(chain.frame, chain.frameLength);
    } catch (IOException | RuntimeException e) {
      fail(e);
      throw unavailable("cannot write the audit record", e);
    }
    chain.advance();
    written += chain.frameLength;
    sealer.publish(writer.position());
  }

  /** Runs a call that seals what the sealer has not reached; a failure in it fails the log. */
  private <T> T sealing(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      fail(e);
      throw unavailable("cannot seal the audit records", e);
    }
  }

  /** Starts the next segment, whose first record is a digest; the old one is sealed. */
  private void roll() {
    // Every frame of the old segment is sealed before the next segment exists: an open recovers
    // unsealed frames only at the end of the last segment, so a crash while the next one is being
    // created must not leave the old one with an unsealed tail.
    sealing(
        () -> {
          sealer.sealAll();
          return null;
        });
    SegmentWriter next;
    try {
      next =
          SegmentWriter.create(
              config.directory(), chain.nextSequence(), config.segmentSize(), hook);
    } catch (IOException e) {
      throw unavailable("cannot create the next audit segment", e);
    }
    SegmentWriter old = writer;
    writer = next;
    active = next;
    sealing(
        () -> {
          sealer.switchTo(next);
          return null;
        });
    if (config.sync()) {
      try {
        seal(old);
      } catch (IOException e) {
        fail(e);
        throw unavailable("cannot sync the finished audit segment", e);
      }
    } else {
      background.execute(
          () -> {
            try {
              seal(old);
            } catch (IOException | RuntimeException e) {
              fail(e);
            }
          });
    }
    digestLocked("segment");
    background.execute(rolled);
  }

  private void seal(SegmentWriter old) throws IOException {
    old.seal();
    DurableFile.syncDirectory(config.directory());
  }

  /** Signs the records since the last digest, as the next record. */
  private void digestLocked(String reason) {
    if (!writer.fits(DIGEST_ROOM)) {
      roll(); // the new segment starts with a digest covering the same records
      return;
    }
    long sequence = chain.nextSequence();
    byte[] body =
        digests.next(
            sequence,
            sealing(sealer::head).hash(),
            anchor.keystoreGeneration(),
            clock.millis(),
            reason);
    appendLocked(Chain.DIGEST_FIELD, body, body.length);
    digested.accept(
        new Digested(
            new AuditState.Head(sequence, sealing(sealer::head).hash(), clock.instant()), writer));
  }

  /**
   * Writes the digest a segment starts with: after a crash came between the segment's creation and
   * its digest ({@code "segment"}), or in a log begun anew by recovery ({@code "recovery"}).
   */
  void digestForSegment(String reason) {
    lock.lock();
    try {
      digestLocked(reason);
    } finally {
      lock.unlock();
    }
  }

  /** Signs a digest now if any record came after the last one, for {@code reason}. */
  void digestIfUnsigned(String reason) {
    lock.lock();
    try {
      checkUsable();
      if (chain.nextSequence() - 1 > digests.lastSequence()) {
        digestLocked(reason);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The interval digest: signs once events have waited the configured interval. */
  void digestIfDue() {
    lock.lock();
    try {
      if (!closed
          && failure == null
          && digests.events() > 0
          && digests.nanosSinceLast() >= config.digestInterval().toNanos()) {
        digestLocked("interval");
      }
    } finally {
      lock.unlock();
    }
  }

  private long flush() throws IOException {
    SegmentWriter current;
    long upTo;
    lock.lock();
    try {
      current = writer;
      upTo = written;
    } finally {
      lock.unlock();
    }
    sealer.sealAll();
    current.force();
    return upTo;
  }

  void fail(Throwable e) {
    if (failure == null) {
      failure = e;
    }
  }

  boolean failed() {
    return failure != null;
  }

  private AuditUnavailableException unavailable(String what, Throwable cause) {
    // Some I/O exceptions (a channel closed under the call) carry no message: name the kind then.
    String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
    return new AuditUnavailableException(what + " in " + config.directory() + ": " + detail, cause);
  }

  AuditHead head() {
    Sealer.Head head = sealing(sealer::head);
    return new AuditHead(head.sequence(), HexFormat.of().formatHex(head.hash()));
  }

  /** The segment being written. */
  Path activePath() {
    return active.path;
  }

  /** How far readers may read: every record appended so far, sealed. */
  Sealer.Readable readable() {
    return sealing(sealer::readable);
  }

  /**
   * Refuses further records; unless the writer failed, signs the records since the last digest.
   *
   * @throws RuntimeException if that digest cannot be written
   */
  void stop() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (failure == null && digests.events() > 0) {
        digestLocked("close");
      }
    } finally {
      closed = true;
      lock.unlock();
    }
  }

  /** After {@link #stop} and the background's last task: seals or abandons the segment. */
  void finish() throws IOException {
    sealer.stop();
    if (failure == null) {
      sealer.sealAll();
      writer.seal();
    } else {
      writer.abandon();
    }
  }
}
