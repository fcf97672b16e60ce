package dev.coffer.keystore.internal.audit;

import com.google.protobuf.ByteString;
import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditDigestStatement;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.DirectoryLock;
import dev.coffer.keystore.internal.store.DurableFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The audit log of a data directory: appends events and digests to segment files under one write
 * lock, and hands slow work (sealing a finished segment, anchoring a digest's head in the keystore,
 * interval digests, retention) to one background thread, so an append costs an encode, a SHA-256
 * and a memory copy. Opened by {@link LogOpener}.
 *
 * <p>A failure that may have left a frame half-written (a failed copy or fsync) fails the log for
 * good: every later append and {@link #ensureAvailable} throws, until it is reopened and recovery
 * has looked at the tail. A failure before anything was written (no space for a new segment or
 * chunk) fails only that append.
 */
public final class FileAuditLog implements AuditLog {
  private static final int DIGEST_ROOM = 4096;

  private final AuditLogConfig config;
  private final Clock clock;
  private final LogAnchor anchor;
  private final LogHook hook;
  private final DirectoryLock lock;
  private final SigningKeys keys;
  private final ContextHasher hasher;
  private final EventEncoder encoder;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();
  private final GroupCommit groupCommit = new GroupCommit();
  private final ScheduledExecutorService background;
  private final AtomicReference<PendingHead> pendingHead = new AtomicReference<>();

  // Guarded by writeLock.
  private final Chain chain;
  private SegmentWriter writer;
  private long written;
  private long lastDigestSequence;
  private byte[] lastDigestSignature;
  private long eventsSinceDigest;
  private long oldestSinceDigest;
  private long newestSinceDigest;
  private long lastDigestNanos = System.nanoTime();

  private volatile SegmentWriter active;
  private volatile long activeEnd;
  private volatile Throwable failure;
  private volatile boolean closed;

  /** A digest's head waiting to be recorded in the keystore, and the segment it is in. */
  private record PendingHead(AuditState.Head head, SegmentWriter segment) {}

  FileAuditLog(
      AuditLogConfig config,
      Clock clock,
      LogAnchor anchor,
      LogHook hook,
      DirectoryLock lock,
      SigningKeys keys,
      SegmentWriter writer,
      TailRecovery.Tail tail) {
    this.config = config;
    this.clock = clock;
    this.anchor = anchor;
    this.hook = hook;
    this.lock = lock;
    this.keys = keys;
    this.hasher = new ContextHasher(config.hashedContextKeys(), anchor.state().contextHmacKey());
    this.encoder = new EventEncoder(hasher);
    this.writer = writer;
    this.active = writer;
    this.activeEnd = writer.position();
    if (tail == null) {
      this.chain = new Chain(1, SegmentFormat.ZERO_HASH);
      this.lastDigestSignature = new byte[0];
    } else {
      this.chain = new Chain(tail.nextSequence(), tail.lastHash());
      this.lastDigestSequence = tail.lastDigestSequence();
      this.lastDigestSignature = tail.lastDigestSignature();
      this.eventsSinceDigest = tail.eventsSinceDigest();
      this.oldestSinceDigest = tail.oldestSinceDigest();
      this.newestSinceDigest = tail.newestSinceDigest();
    }
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "coffer-audit " + config.directory().getFileName());
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(10, config.digestInterval().toMillis() / 4);
    background.scheduleWithFixedDelay(this::intervalDigest, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void append(AuditEvent event) {
    EventEncoder.Encoded encoded = encoder.encode(event);
    long durableAt;
    writeLock.lock();
    try {
      checkUsable();
      appendLocked(Chain.EVENT_FIELD, encoded.bytes, encoded.length);
      eventsSinceDigest++;
      long time = encoded.timeMillis;
      oldestSinceDigest = eventsSinceDigest == 1 ? time : Math.min(oldestSinceDigest, time);
      newestSinceDigest = Math.max(newestSinceDigest, time);
      if (eventsSinceDigest >= config.digestRecords()) {
        digestLocked("records");
      }
      durableAt = written;
    } finally {
      writeLock.unlock();
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

  @Override
  public void ensureAvailable() {
    writeLock.lock();
    try {
      checkUsable();
      // Room for a record of ordinary size, so the append that follows a commit does not need new
      // space; rolling or extending fails here, before the change, if the disk cannot give it.
      int room = (int) Math.min(64 << 10, config.segmentSize() / 4);
      if (!writer.fits(room)) {
        roll();
      }
      writer.ensureRoom(room);
    } catch (IOException e) {
      throw unavailable("no space for the audit record", e);
    } finally {
      writeLock.unlock();
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
      writer.ensureRoom(frameSize);
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
    activeEnd = writer.position();
  }

  /** Starts the next segment, whose first record is a digest; the old one is sealed. */
  private void roll() {
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
    activeEnd = next.position();
    if (config.sync()) {
      try {
        old.seal();
        DurableFile.syncDirectory(config.directory());
      } catch (IOException e) {
        fail(e);
        throw unavailable("cannot sync the finished audit segment", e);
      }
    } else {
      background.execute(() -> sealInBackground(old));
    }
    digestLocked("segment");
    if (config.retention().isPresent()) {
      background.execute(this::retentionQuietly);
    }
  }

  private void sealInBackground(SegmentWriter old) {
    try {
      old.seal();
      DurableFile.syncDirectory(config.directory());
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Signs the records since the last digest, as the next record. */
  private void digestLocked(String reason) {
    if (!writer.fits(DIGEST_ROOM)) {
      roll(); // the new segment starts with a digest covering the same records
      return;
    }
    long sequence = chain.nextSequence();
    byte[] statement =
        AuditDigestStatement.newBuilder()
            .setDigestVersion(1)
            .setFirstSequence(lastDigestSequence + 1)
            .setLastSequence(sequence - 1)
            .setLastHash(ByteString.copyFrom(chain.lastHash()))
            .setEventCount(eventsSinceDigest)
            .setOldestEventEpochMillis(oldestSinceDigest)
            .setNewestEventEpochMillis(newestSinceDigest)
            .setDigestEpochMillis(clock.millis())
            .setPreviousDigestSequence(lastDigestSequence)
            .setPreviousDigestSignature(ByteString.copyFrom(lastDigestSignature))
            .setKeystoreGeneration(anchor.keystoreGeneration())
            .setReason(reason)
            .build()
            .toByteArray();
    byte[] signature = keys.sign(statement);
    byte[] body =
        AuditDigestRecord.newBuilder()
            .setStatement(ByteString.copyFrom(statement))
            .setSignature(ByteString.copyFrom(signature))
            .build()
            .toByteArray();
    appendLocked(Chain.DIGEST_FIELD, body, body.length);
    lastDigestSequence = sequence;
    lastDigestSignature = signature;
    eventsSinceDigest = 0;
    oldestSinceDigest = 0;
    newestSinceDigest = 0;
    lastDigestNanos = System.nanoTime();
    pendingHead.set(
        new PendingHead(new AuditState.Head(sequence, chain.lastHash(), clock.instant()), writer));
    if (!background.isShutdown()) {
      background.execute(this::anchorQuietly);
    }
  }

  /** Writes the digest a segment starts with, when a crash came between its creation and it. */
  void digestOnOpen() {
    writeLock.lock();
    try {
      digestLocked("segment");
    } finally {
      writeLock.unlock();
    }
  }

  private void intervalDigest() {
    writeLock.lock();
    try {
      if (!closed
          && failure == null
          && eventsSinceDigest > 0
          && System.nanoTime() - lastDigestNanos >= config.digestInterval().toNanos()) {
        digestLocked("interval");
      }
    } catch (RuntimeException e) {
      // The next append reports what is wrong with the log.
    } finally {
      writeLock.unlock();
    }
  }

  /** Records the newest digest's head in the keystore, once the log is durable up to it. */
  private void anchorPending() throws IOException {
    // One anchoring at a time, so that a caller of sign() waits for one already under way.
    synchronized (pendingHead) {
      PendingHead pending = pendingHead.getAndSet(null);
      if (pending == null) {
        return;
      }
      pending.segment().force();
      anchor.recordHead(pending.head());
    }
  }

  private void anchorQuietly() {
    try {
      anchorPending();
    } catch (IOException e) {
      fail(e);
    } catch (RuntimeException e) {
      // The keystore could not record the head; the next digest or close tries again.
    }
  }

  private long flush() throws IOException {
    SegmentWriter current;
    long upTo;
    writeLock.lock();
    try {
      current = writer;
      upTo = written;
    } finally {
      writeLock.unlock();
    }
    current.force();
    return upTo;
  }

  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
    }
  }

  private AuditUnavailableException unavailable(String what, Throwable cause) {
    return new AuditUnavailableException(
        what + " in " + config.directory() + ": " + cause.getMessage(), cause);
  }

  @Override
  public AuditPage query(AuditQuery query) {
    return withSegments(segments -> LogQuery.page(segments, query));
  }

  @Override
  public long export(AuditQuery query, Appendable out) {
    return withSegments(segments -> LogQuery.export(segments, query, out));
  }

  @Override
  public VerificationReport verify() {
    return verify(0, Long.MAX_VALUE);
  }

  @Override
  public VerificationReport verify(long first, long last) {
    return withSegments(
        segments ->
            new LogVerifier(keys.verifier())
                .verify(
                    segments,
                    anchor.state().head().map(h -> new LogVerifier.Head(h.sequence(), h.hash())),
                    first,
                    last));
  }

  /** Runs a reader over the segments as they are now, with no segment removed meanwhile. */
  private <T> T withSegments(SegmentsReader<T> reader) {
    segmentsLock.readLock().lock();
    try {
      return reader.read(SegmentFiles.live(config.directory(), active.path, activeEnd));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + config.directory(), e);
    } finally {
      segmentsLock.readLock().unlock();
    }
  }

  @FunctionalInterface
  private interface SegmentsReader<T> {
    T read(List<SegmentFiles.Segment> segments) throws IOException;
  }

  @Override
  public AuditHead head() {
    writeLock.lock();
    try {
      return new AuditHead(chain.nextSequence() - 1, HexFormat.of().formatHex(chain.lastHash()));
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public AuditHead sign() {
    writeLock.lock();
    try {
      checkUsable();
      if (chain.nextSequence() - 1 > lastDigestSequence) {
        digestLocked("request");
      }
    } finally {
      writeLock.unlock();
    }
    try {
      anchorPending();
    } catch (IOException e) {
      fail(e);
      throw unavailable("cannot sync the audit log", e);
    }
    return head();
  }

  @Override
  public String publicKeyPem() {
    return keys.publicKeyPem();
  }

  @Override
  public String publicKeysetJson() {
    return keys.publicKeysetJson();
  }

  @Override
  public String hmac(String value) {
    return hasher.hash(value);
  }

  @Override
  public int applyRetention() {
    if (config.retention().isEmpty()) {
      return 0;
    }
    segmentsLock.writeLock().lock();
    Retention.Result result;
    try {
      result =
          Retention.apply(
              config.directory(),
              active.path,
              clock.millis() - config.retention().get().toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot apply retention to " + config.directory(), e);
    } finally {
      segmentsLock.writeLock().unlock();
    }
    if (result.removed() > 0) {
      append(OwnEvents.retention(clock.instant(), result, config.retention().get()));
    }
    return result.removed();
  }

  private void retentionQuietly() {
    try {
      applyRetention();
    } catch (RuntimeException e) {
      // Retention retries at the next roll; a failing log reports itself on the next append.
    }
  }

  @Override
  public Path directory() {
    return config.directory();
  }

  @Override
  public void close() {
    RuntimeException problem = null;
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      if (failure == null && eventsSinceDigest > 0) {
        digestLocked("close");
      }
    } catch (RuntimeException e) {
      problem = e;
    } finally {
      closed = true;
      writeLock.unlock();
    }
    background.shutdown();
    try {
      if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (failure == null) {
        writer.seal();
        anchorPending();
      } else {
        writer.abandon();
      }
    } catch (IOException e) {
      problem = problem == null ? new UncheckedIOException(e) : problem;
    } catch (RuntimeException e) {
      problem = problem == null ? e : problem;
    } finally {
      try {
        lock.close();
      } catch (IOException ignored) {
        // The OS releases the lock with the file; the problem above matters more.
      }
    }
    if (problem != null) {
      throw new AuditUnavailableException(
          "audit log " + config.directory() + " did not close cleanly: " + problem.getMessage(),
          problem);
    }
  }

  @Override
  public String toString() {
    return "AuditLog[" + config.directory() + "]";
  }
}
