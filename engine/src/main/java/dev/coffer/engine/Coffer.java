package dev.coffer.engine;

import dev.coffer.engine.internal.EngineSettings;
import dev.coffer.engine.internal.LocalEngine;
import dev.coffer.engine.internal.crypto.SegmentedAead;
import dev.coffer.engine.internal.store.StorageFaults;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditRecovery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An encrypted object store in a data directory: objects in RocksDB ({@code DIR/db}), each
 * encrypted with its own data key under master keys of a local KMS ({@code DIR/keystore}), with
 * S3's vocabulary and access model. Thread-safe; one per directory per process (the directory is
 * locked against other processes).
 *
 * <pre>{@code
 * try (Coffer coffer = Coffer.builder(Path.of("coffer-data")).open()) {
 *   ObjectStore s3 = coffer.as(Principal.of("arn:aws:iam::000000000000:root"));
 *   s3.createBucket(CreateBucketRequest.of("invoices"));
 *   s3.putObject(PutObjectRequest.builder("invoices", "2026/11/a.pdf").build(), bytes);
 * }
 * }</pre>
 */
public final class Coffer implements AutoCloseable {
  /** Default of {@link Builder#segmentSize}: 1 MiB. */
  public static final int DEFAULT_SEGMENT_SIZE = 1024 * 1024;

  /** Default of {@link Builder#bucketKeyLifetime}: 10 minutes. */
  public static final Duration DEFAULT_BUCKET_KEY_LIFETIME = Duration.ofMinutes(10);

  /** Default of {@link Builder#bucketKeyMaxUses}. */
  public static final long DEFAULT_BUCKET_KEY_MAX_USES = 1_000_000;

  /** Default of {@link Builder#loggedSegmentBytes}: 16 MiB. */
  public static final long DEFAULT_LOGGED_SEGMENT_BYTES = 16L << 20;

  /** Default of {@link Builder#inlineObjectBytes}: 16 KiB. */
  public static final int DEFAULT_INLINE_OBJECT_BYTES = 16 * 1024;

  private static final int MAX_INLINE_OBJECT_BYTES = 256 * 1024;

  private final LocalEngine engine;
  private final Path directory;

  private Coffer(LocalEngine engine, Path directory) {
    this.engine = engine;
    this.directory = directory;
  }

  /**
   * A builder for the Coffer in {@code directory} (made absolute), whose {@code db}, {@code
   * keystore} and (unless turned off) {@code audit} folders are created on first open.
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The S3 operations, performed as {@code caller}. */
  public ObjectStore as(Caller caller) {
    return engine.as(caller);
  }

  /** The S3 operations, performed as an in-process caller with this principal. */
  public ObjectStore as(Principal principal) {
    return engine.as(Caller.of(principal));
  }

  /** Rotation, rewrap and retirement of master keys across the store, as {@code caller}. */
  public RotationService rotation(Caller caller) {
    return engine.rotation(caller);
  }

  /** The keystore (the local KMS) this Coffer encrypts with. */
  public Keystore keystore() {
    return engine.keystore();
  }

  /** The data directory, absolute. */
  public Path directory() {
    return directory;
  }

  /** How many bucket keys are held unwrapped in memory now. */
  public int cachedBucketKeys() {
    return engine.cachedBucketKeys();
  }

  /**
   * Closes the store: signs and anchors the audit log's last records and releases the directory. An
   * interrupted thread may close too (a server stopped by an interrupt does); it stays interrupted.
   * Closing again does nothing.
   *
   * <p>Afterwards every call of this Coffer's {@link ObjectStore}s and {@link RotationService}s
   * fails with a {@link dev.coffer.keystore.KeystoreUnavailableException} ({@code STORAGE_FAILURE})
   * saying the object store is closed. An {@link ObjectContent} still open fails its next read of
   * stored data with an {@link java.io.IOException} whose cause is that error: close them first.
   */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "Coffer[" + directory + "]";
  }

  /** Configures and opens a Coffer. */
  public static final class Builder {
    private final Path directory;
    private boolean syncWrites;
    private int segmentSize = DEFAULT_SEGMENT_SIZE;
    private Duration bucketKeyLifetime = DEFAULT_BUCKET_KEY_LIFETIME;
    private long bucketKeyMaxUses = DEFAULT_BUCKET_KEY_MAX_USES;
    private String region = Keystore.DEFAULT_REGION;
    private String account = Keystore.DEFAULT_ACCOUNT;
    private String viaService;
    private Clock clock = Clock.systemUTC();
    private boolean warmUpCrypto = true;
    private long loggedSegmentBytes = DEFAULT_LOGGED_SEGMENT_BYTES;
    private int inlineObjectBytes = DEFAULT_INLINE_OBJECT_BYTES;
    private UnaryOperator<Keystore.Builder> keystoreOptions = b -> b;
    private boolean auditLog = true;
    private StorageFaults storageFaults = StorageFaults.NONE;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    /**
     * Fsync every write before acknowledging it: no acknowledged write is lost on power loss. Off
     * by default, where acknowledged writes survive a process crash but not a power loss.
     */
    public Builder syncWrites(boolean sync) {
      this.syncWrites = sync;
      return this;
    }

    /**
     * Plaintext bytes per encrypted segment: 16 KiB to 8 MiB, a multiple of 16 KiB; default 1 MiB.
     */
    public Builder segmentSize(int bytes) {
      if (bytes < SegmentedAead.MIN_SEGMENT_SIZE
          || bytes > SegmentedAead.MAX_SEGMENT_SIZE
          || bytes % (16 * 1024) != 0) {
        throw new InvalidArgumentException("segment size must be 16 KiB to 8 MiB, in 16 KiB steps");
      }
      this.segmentSize = bytes;
      return this;
    }

    /** How long a bucket key is used before a new one is made; default 10 minutes. */
    public Builder bucketKeyLifetime(Duration lifetime) {
      if (Objects.requireNonNull(lifetime, "lifetime").isNegative() || lifetime.isZero()) {
        throw new InvalidArgumentException("bucket key lifetime must be positive");
      }
      this.bucketKeyLifetime = lifetime;
      return this;
    }

    /** How many objects one bucket key encrypts at most; default 1,000,000. */
    public Builder bucketKeyMaxUses(long uses) {
      if (uses < 1) {
        throw new InvalidArgumentException("bucket key uses must be at least 1");
      }
      this.bucketKeyMaxUses = uses;
      return this;
    }

    /**
     * The region in key ARNs and in the default {@code kms:ViaService}; default {@value
     * Keystore#DEFAULT_REGION}. Lower-case letters, digits and dashes, checked by {@link #open}.
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * The account in ARNs and of the account root; default {@value Keystore#DEFAULT_ACCOUNT}. 12
     * digits, checked by {@link #open}.
     */
    public Builder account(String account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /**
     * The {@code kms:ViaService} of the engine's keystore calls; default {@code
     * s3.REGION.amazonaws.com}.
     */
    public Builder viaService(String service) {
      this.viaService = Objects.requireNonNull(service, "service");
      return this;
    }

    /** The clock for record times, bucket-key lifetimes and the keystore; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How much of a large object goes through RocksDB's write-ahead log; default 16 MiB. The rest
     * of its segments is written once, to a table file that is made durable before the object's
     * record commits, instead of twice (log, then table): large puts run about a third faster. Each
     * such object then ends with a flush of the segment column family, so a lower value trades
     * more, smaller table files for speed; {@code Long.MAX_VALUE} logs everything.
     */
    public Builder loggedSegmentBytes(long bytes) {
      if (bytes < 0) {
        throw new InvalidArgumentException("logged segment bytes must not be negative");
      }
      this.loggedSegmentBytes = bytes;
      return this;
    }

    /**
     * Objects of up to this many bytes (and of one segment) keep their encrypted data in their
     * record instead of a row of their own, so that a get reads one row instead of two; default 16
     * KiB, at most 256 KiB (records are read whole, by listings too); 0 stores every object's data
     * apart. Either way the data is sealed the same way, and objects written under one setting read
     * under any other.
     */
    public Builder inlineObjectBytes(int bytes) {
      if (bytes < 0 || bytes > MAX_INLINE_OBJECT_BYTES) {
        throw new InvalidArgumentException("inline object bytes must be 0 to 256 KiB");
      }
      this.inlineObjectBytes = bytes;
      return this;
    }

    /**
     * JIT warm-up of the ciphers in a background thread (default on), started by the first object
     * of at least 1 MiB read or written, so that large objects reach full speed sooner; a store
     * that only moves small objects never runs it.
     */
    public Builder warmUpCrypto(boolean warmUp) {
      this.warmUpCrypto = warmUp;
      return this;
    }

    /**
     * Whether the keystore appends every key and object operation to the audit log in the data
     * directory's {@code audit} folder (default on). Turn it off only where another {@link
     * dev.coffer.keystore.AuditSink} records the trail; {@link #keystore} options may also
     * configure the log differently.
     */
    public Builder auditLog(boolean enabled) {
      this.auditLog = enabled;
      return this;
    }

    /**
     * Further keystore options (root-key provider, audit, administrators, quotas); the data
     * directory's {@code keystore} folder, region, account and clock are set by this builder.
     */
    public Builder keystore(UnaryOperator<Keystore.Builder> options) {
      this.keystoreOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Makes the object store's storage calls fail as {@code faults} decides. Package-private: only
     * tests in this package inject faults; it is no part of the API.
     */
    Builder storageFaults(StorageFaults faults) {
      this.storageFaults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Opens the Coffer, creating it on first use.
     *
     * @throws dev.coffer.keystore.KeystoreUnavailableException if the directory is in use by
     *     another process or already open in this one ({@code KEYSTORE_LOCKED}), if the keystore is
     *     older than the one this store last saw ({@code ROLLBACK_DETECTED}), or if it cannot be
     *     read or created ({@code STORAGE_FAILURE})
     * @throws InvalidArgumentException for a malformed region or account
     */
    public Coffer open() {
      Keystore keystore = keystoreBuilder().open();
      EngineSettings settings =
          new EngineSettings(
              segmentSize,
              bucketKeyLifetime,
              bucketKeyMaxUses,
              viaService != null ? viaService : "s3." + region + ".amazonaws.com",
              region,
              account,
              clock,
              syncWrites,
              warmUpCrypto,
              loggedSegmentBytes,
              inlineObjectBytes);
      return new Coffer(
          LocalEngine.open(keystore, directory.resolve("db"), settings, storageFaults), directory);
    }

    /**
     * Sets the data directory's damaged audit log aside and begins a new one, instead of opening
     * (see {@link Keystore.Builder#recoverAuditLog}); the store opens afterwards, its objects as
     * they were. Uses this builder's keystore options.
     *
     * @throws dev.coffer.keystore.InvalidStateException if the log is intact
     */
    public AuditRecovery recoverAuditLog(Principal operator, String reason) {
      return keystoreBuilder().recoverAuditLog(operator, reason);
    }

    private Keystore.Builder keystoreBuilder() {
      Keystore.Builder defaults =
          Keystore.builder(directory.resolve("keystore"))
              .region(region)
              .account(account)
              .clock(clock);
      if (auditLog) {
        defaults.auditLog(AuditLogConfig.builder(directory.resolve("audit")).build());
      }
      return Objects.requireNonNull(
          keystoreOptions.apply(defaults), "the keystore options returned no builder");
    }
  }
}
