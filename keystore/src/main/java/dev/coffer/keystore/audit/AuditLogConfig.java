package dev.coffer.keystore.audit;

import dev.coffer.keystore.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a keystore's audit log is kept: where, in what size of segment files, how often digests are
 * signed, whether records are fsynced, how long they are kept, and which encryption-context values
 * are hashed. Pass it to {@link dev.coffer.keystore.Keystore.Builder#auditLog}.
 *
 * <pre>{@code
 * AuditLogConfig config = AuditLogConfig.builder(dataDir.resolve("audit"))
 *     .digestEvery(10_000, Duration.ofMinutes(1))
 *     .retention(Duration.ofDays(365))
 *     .hashContextKeys("customer-email")
 *     .build();
 * }</pre>
 */
public final class AuditLogConfig {
  public static final long DEFAULT_SEGMENT_SIZE = 16L << 20;
  public static final long MIN_SEGMENT_SIZE = 16L << 10;
  public static final long MAX_SEGMENT_SIZE = 1L << 30;
  public static final int DEFAULT_DIGEST_RECORDS = 10_000;
  public static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofMinutes(1);

  private final Path directory;
  private final long segmentSize;
  private final int digestRecords;
  private final Duration digestInterval;
  private final boolean sync;
  private final Duration retention;
  private final Set<String> hashedContextKeys;

  private AuditLogConfig(Builder b) {
    this.directory = b.directory;
    this.segmentSize = b.segmentSize;
    this.digestRecords = b.digestRecords;
    this.digestInterval = b.digestInterval;
    this.sync = b.sync;
    this.retention = b.retention;
    this.hashedContextKeys = Set.copyOf(b.hashedContextKeys);
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  public Path directory() {
    return directory;
  }

  /** Segment files are rolled at about this size. */
  public long segmentSize() {
    return segmentSize;
  }

  /** A digest is signed after this many events since the last one. */
  public int digestRecords() {
    return digestRecords;
  }

  /** A digest is signed when events have waited this long without one. */
  public Duration digestInterval() {
    return digestInterval;
  }

  /**
   * Whether each record is fsynced before the operation it records returns (group commit: one fsync
   * covers every appender waiting at the time). Off, a record is in the OS before the operation
   * returns, which survives a crash of the process but not of the machine.
   */
  public boolean sync() {
    return sync;
  }

  /** Segments whose every record is older than this are removed; empty keeps everything. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** Encryption-context keys whose values the log keeps only as HMAC-SHA256. */
  public Set<String> hashedContextKeys() {
    return hashedContextKeys;
  }

  @Override
  public String toString() {
    return "AuditLogConfig["
        + directory
        + ", segments of "
        + segmentSize
        + " bytes, digest every "
        + digestRecords
        + " events or "
        + digestInterval
        + (sync ? ", sync" : "")
        + (retention != null ? ", retention " + retention : "")
        + (hashedContextKeys.isEmpty() ? "" : ", hashing " + new TreeSet<>(hashedContextKeys))
        + "]";
  }

  /** Builds a configuration; everything but the directory has a default. */
  public static final class Builder {
    private final Path directory;
    private long segmentSize = DEFAULT_SEGMENT_SIZE;
    private int digestRecords = DEFAULT_DIGEST_RECORDS;
    private Duration digestInterval = DEFAULT_DIGEST_INTERVAL;
    private boolean sync;
    private Duration retention;
    private final Set<String> hashedContextKeys = new TreeSet<>();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    /** Segment size in bytes, 16 KiB to 1 GiB; default 16 MiB. */
    public Builder segmentSize(long bytes) {
      if (bytes < MIN_SEGMENT_SIZE || bytes > MAX_SEGMENT_SIZE) {
        throw new InvalidArgumentException("segment size must be 16 KiB to 1 GiB");
      }
      this.segmentSize = bytes;
      return this;
    }

    /**
     * Sign a digest after {@code records} events or once events have waited {@code interval},
     * whichever comes first; also at every segment roll and on close. Default 10,000 events or one
     * minute.
     */
    public Builder digestEvery(int records, Duration interval) {
      if (records < 1) {
        throw new InvalidArgumentException("digest record count must be at least 1");
      }
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new InvalidArgumentException("digest interval must be at least 10 ms");
      }
      this.digestRecords = records;
      this.digestInterval = interval;
      return this;
    }

    /** Fsync each record before acknowledging (group commit); default off. */
    public Builder sync(boolean on) {
      this.sync = on;
      return this;
    }

    /** Remove segments older than this (whole segments, at a signed digest); default keep all. */
    public Builder retention(Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new InvalidArgumentException("retention must be positive");
      }
      this.retention = age;
      return this;
    }

    /** Keep these context keys' values only as HMAC-SHA256 under a keystore-held key. */
    public Builder hashContextKeys(Collection<String> keys) {
      hashedContextKeys.addAll(keys);
      return this;
    }

    public Builder hashContextKeys(String... keys) {
      return hashContextKeys(Set.of(keys));
    }

    public AuditLogConfig build() {
      return new AuditLogConfig(this);
    }
  }
}
