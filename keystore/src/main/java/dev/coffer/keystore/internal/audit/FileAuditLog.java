package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.VerificationReport;
import dev.coffer.keystore.internal.store.DirectoryLock;
import dev.coffer.keystore.internal.store.Uninterruptibly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The audit log of a data directory. Appends go through {@link LogWriter}, so an append costs an
 * encode and a memory copy, and its SHA-256 runs on the log's {@link Sealer} thread; slower work
 * runs on one background thread: sealing finished segments, anchoring the newest digest's head in
 * the keystore once the log is durable up to it (at most every {@link #ANCHOR_SPACING_NANOS}),
 * interval digests and retention. Queries and verification read the segment files. Opened by {@link
 * LogOpener}.
 */
public final class FileAuditLog implements AuditLog {
  private final AuditLogConfig config;
  private final Clock clock;
  private final LogAnchor anchor;
  private final DirectoryLock lock;
  private final SigningKeys keys;
  private final ContextHasher hasher;
  private final EventEncoder encoder;
  private final ScheduledExecutorService background;
  private final LogWriter writer;
  private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();
  private final AtomicReference<LogWriter.Digested> pendingHead = new AtomicReference<>();

  /**
   * Digests come every few milliseconds under heavy load; anchoring each one would fsync the active
   * segment and rewrite the keystore file as often, and every fsync write-protects the pages the
   * writer is filling, so that its next copies fault. Under load the anchored head may lag the
   * newest digest by this much; {@link #sign} and close anchor at once.
   */
  static final long ANCHOR_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastAnchorNanos = System.nanoTime() - ANCHOR_SPACING_NANOS;

  FileAuditLog(
      AuditLogConfig config,
      Clock clock,
      LogAnchor anchor,
      LogHook hook,
      DirectoryLock lock,
      SigningKeys keys,
      SegmentWriter segment,
      TailRecovery.Tail tail) {
    this.config = config;
    this.clock = clock;
    this.anchor = anchor;
    this.lock = lock;
    this.keys = keys;
    this.hasher = new ContextHasher(config.hashedContextKeys(), anchor.state().contextHmacKey());
    this.encoder = new EventEncoder(hasher);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "coffer-audit " + config.directory().getFileName());
              t.setDaemon(true);
              return t;
            });
    // A delayed anchoring is not waited for at close: close anchors the newest head itself.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.background = executor;
    this.writer =
        new LogWriter(
            config,
            clock,
            anchor,
            hook,
            keys,
            segment,
            tail,
            background,
            this::digested,
            this::retentionQuietly);
    long every = Math.max(10, config.digestInterval().toMillis() / 4);
    background.scheduleWithFixedDelay(this::intervalDigest, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void append(AuditEvent event) {
    writer.appendEvent(encoder.encode(event));
  }

  @Override
  public void ensureAvailable() {
    writer.ensureAvailable();
  }

  /** Writes the digest a segment starts with, when a crash came between its creation and it. */
  void digestOnOpen() {
    writer.digestForSegment("segment");
  }

  /** Writes the digest that a log begun anew by {@link LogRecovery} starts with. */
  void digestOnRestart() {
    writer.digestForSegment(LogRecovery.DIGEST_REASON);
  }

  private void intervalDigest() {
    try {
      writer.digestIfDue();
    } catch (RuntimeException e) {
      // The next append reports what is wrong with the log.
    }
  }

  private void digested(LogWriter.Digested head) {
    if (pendingHead.getAndSet(head) != null || background.isShutdown()) {
      return; // an anchoring is already due, and takes the newest head when it runs
    }
    long wait = ANCHOR_SPACING_NANOS - (System.nanoTime() - lastAnchorNanos);
    try {
      if (wait <= 0) {
        background.execute(this::anchorQuietly);
      } else {
        background.schedule(this::anchorQuietly, wait, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException e) {
      // Closing: close() anchors the newest head itself.
    }
  }

  /** Records the newest digest's head in the keystore, once the log is durable up to it. */
  private void anchorPending() throws IOException {
    // One anchoring at a time, so that a caller of sign() waits for one already under way.
    synchronized (pendingHead) {
      // Noted before the head is taken: a digest signed from here on waits for the spacing.
      lastAnchorNanos = System.nanoTime();
      LogWriter.Digested pending = pendingHead.getAndSet(null);
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
      writer.fail(e);
    } catch (RuntimeException e) {
      // The keystore could not record the head; the next digest or close tries again.
    }
  }

  @Override
  public AuditHead sign() {
    writer.digestIfUnsigned("request");
    try {
      anchorPending();
    } catch (IOException e) {
      writer.fail(e);
      throw new AuditUnavailableException("cannot sync the audit log: " + e.getMessage(), e);
    }
    return writer.head();
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
    // The remembered head is read before the segments: a digest anchored meanwhile would otherwise
    // look like records missing from the end.
    Optional<LogVerifier.Head> head = anchor.state().head().map(LogVerifier.Head::of);
    return withSegments(
        segments -> new LogVerifier(keys.verifier()).verify(segments, head, first, last));
  }

  @Override
  public VerificationReport verifyReaches(AuditHead head) {
    return withSegments(
        segments ->
            new LogVerifier(keys.verifier())
                .trustingHead(LogVerifier.Head.of(head))
                .verify(
                    segments,
                    Optional.of(LogVerifier.Head.of(head)),
                    head.sequence(),
                    Long.MAX_VALUE));
  }

  /** Runs a reader over the segments as they are now, with no segment removed meanwhile. */
  private <T> T withSegments(SegmentsReader<T> reader) {
    segmentsLock.readLock().lock();
    try {
      Sealer.Readable readable = writer.readable();
      return reader.read(SegmentFiles.live(config.directory(), readable.active(), readable.end()));
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
    return writer.head();
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
    Retention.Result result;
    segmentsLock.writeLock().lock();
    try {
      result =
          Retention.apply(
              config.directory(),
              writer.activePath(),
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

  /** Closing twice is a no-op, as {@link java.io.Closeable} asks. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException problem = null;
    try {
      writer.stop();
    } catch (RuntimeException e) {
      problem = e;
    }
    background.shutdown();
    // Even on an interrupted thread (a server stopped by an interrupt closes this way): the final
    // digest must not race the background thread's anchoring and digests.
    boolean interrupted =
        Uninterruptibly.await(
            Duration.ofSeconds(30), n -> background.awaitTermination(n, TimeUnit.NANOSECONDS));
    background.shutdownNow();
    try {
      writer.finish();
      if (!writer.failed()) {
        anchorPending();
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
      if (interrupted) {
        Thread.currentThread().interrupt();
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
