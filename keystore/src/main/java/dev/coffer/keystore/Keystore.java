package dev.coffer.keystore;

import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditRecovery;
import dev.coffer.keystore.internal.audit.LogHook;
import dev.coffer.keystore.internal.service.KeystoreSettings;
import dev.coffer.keystore.internal.service.LocalKeystore;
import dev.coffer.keystore.internal.store.DurableFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A local KMS in a directory: versioned master keys sealed on disk under a root key, with AWS KMS
 * semantics. Thread-safe; open one per directory per process (the directory is locked).
 *
 * <pre>{@code
 * try (Keystore keystore = Keystore.builder(Path.of("keystore")).open()) {
 *   KeyService kms = keystore.as(Caller.of("arn:aws:iam::000000000000:root"));
 *   KeyMetadata key = kms.createKey(CreateKeyRequest.defaults());
 *   EncryptionContext context = EncryptionContext.of("tenant", "acme");
 *   try (DataKey dataKey = kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), context))) {
 *     // encrypt with dataKey.plaintext(), store dataKey.wrapped()
 *   }
 * }
 * }</pre>
 *
 * <p>Every change is durable before the call returns. The keystore's {@link #generation()} grows
 * with every change and is authenticated with the contents; pass the highest generation you have
 * seen to {@link Builder#minimumGeneration} to refuse an older copy.
 */
public final class Keystore implements AutoCloseable {
  /** Default encryption count at which a version is rotated automatically. */
  public static final long DEFAULT_USAGE_ROTATION_THRESHOLD = 1L << 30;

  /** Default number of encryptions reserved per durable write of the usage count. */
  public static final long DEFAULT_USAGE_RESERVATION_BLOCK = 1L << 16;

  public static final String DEFAULT_REGION = "local";
  public static final String DEFAULT_ACCOUNT = "000000000000";

  private final LocalKeystore local;
  private final Path directory;
  private final String region;
  private final String account;

  private Keystore(LocalKeystore local, Path directory, String region, String account) {
    this.local = local;
    this.directory = directory;
    this.region = region;
    this.account = account;
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The KMS operations, performed as {@code caller}. */
  public KeyService as(Caller caller) {
    return local.as(caller);
  }

  /** The KMS operations, performed as an in-process caller with this principal. */
  public KeyService as(Principal principal) {
    return local.as(Caller.of(principal));
  }

  /**
   * Appends an event of another component (the engine, the sidecar) to the keystore's audit trail.
   *
   * @throws AuditUnavailableException if it cannot be recorded: the caller must then refuse the
   *     operation it describes
   */
  public void audit(AuditEvent event) {
    local.audit(event);
  }

  /**
   * The identity policies in force for {@code principal}, the implicit ones of the account root and
   * administrators included, for evaluating other resource policies (the engine's bucket layer).
   * Not authorized and not audited: callers use it to decide, not to show.
   */
  public java.util.List<dev.coffer.keystore.policy.AttachedPolicy> identityPolicies(
      Principal principal) {
    return local.identityPolicies(principal);
  }

  /** A key's state, primary version and the access revision, for caches; empty if no such key. */
  public Optional<KeyStatus> keyStatus(String keyId) {
    return local.keyStatus(keyId);
  }

  /** The generation of the committed state: grows by at least one with every change. */
  public long generation() {
    return local.generation();
  }

  public Path directory() {
    return directory;
  }

  public String region() {
    return region;
  }

  public String account() {
    return account;
  }

  /**
   * The audit log this keystore appends to, if it was opened with one ({@link Builder#auditLog}):
   * to query, verify and export it, and to export the public key that verifies its digests.
   */
  public Optional<AuditLog> auditLog() {
    return local.auditLog();
  }

  /** The ARN of a key id in this keystore's region and account. */
  public String keyArn(String keyId) {
    return local.keyArn(keyId);
  }

  /**
   * Closes the keystore; with an audit log, first writes the log's final digest and records its
   * head in the keystore.
   */
  @Override
  public void close() {
    local.close();
  }

  @Override
  public String toString() {
    return "Keystore[" + directory + "]";
  }

  /** Configures and opens a keystore. */
  public static final class Builder {
    private final Path directory;
    private RootKeyProvider rootKey;
    private boolean createIfMissing = true;
    private long minimumGeneration;
    private String region = DEFAULT_REGION;
    private String account = DEFAULT_ACCOUNT;
    private Clock clock = Clock.systemUTC();
    private final Set<Principal> administrators = new LinkedHashSet<>();
    private Authorizer authorizer;
    private AuditSink auditSink;
    private AuditLogConfig auditLog;
    private LogHook auditHook = LogHook.NONE;
    private ThrottleLimits perKeyLimits;
    private ThrottleLimits overallLimits;
    private long usageRotationThreshold = DEFAULT_USAGE_ROTATION_THRESHOLD;
    private long usageReservationBlock = DEFAULT_USAGE_RESERVATION_BLOCK;
    private DurableFile.StepHook storageHook = DurableFile.StepHook.NONE;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    /** Where the root key comes from; default: {@code root.key} in the keystore directory. */
    public Builder rootKey(RootKeyProvider provider) {
      this.rootKey = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Whether to create a keystore if the directory has none (default true). */
    public Builder createIfMissing(boolean create) {
      this.createIfMissing = create;
      return this;
    }

    /** Refuse to open a keystore whose generation is below this (rollback defence). */
    public Builder minimumGeneration(long generation) {
      this.minimumGeneration = generation;
      return this;
    }

    /** Region in ARNs; default {@value #DEFAULT_REGION}. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Account in ARNs; default {@value #DEFAULT_ACCOUNT}. */
    public Builder account(String account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /** The clock for dates, scheduled rotation and deletion, and quotas. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A principal with an implicit identity policy allowing everything, as the account root ({@code
     * arn:aws:iam::ACCOUNT:root}) always has. Key policies still apply: a key policy that does not
     * allow the account root shuts administrators out too.
     */
    public Builder administrator(Principal principal) {
      administrators.add(Objects.requireNonNull(principal, "principal"));
      return this;
    }

    /** Replaces the policy-based authorizer (key policies, grants, identity policies). */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /**
     * Where audit events go, for embedders with their own trail; default: discarded unless an
     * {@link #auditLog} is configured. With both, each event goes to the log first, then here.
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Keeps a tamper-evident audit log (a Coffer data directory's {@code audit/}): {@link #open}
     * creates its signing key in the keystore on first use, opens the log (cutting a torn last
     * write, and recording the cut), refuses a log cut back behind the head the keystore remembers
     * or a keystore older than the log has seen, and only then runs the keystore's own open-time
     * work, whose events the log records.
     */
    public Builder auditLog(AuditLogConfig config) {
      this.auditLog = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Test seam: called before each I/O step of the audit log. */
    Builder auditHook(LogHook hook) {
      this.auditHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Quota for cryptographic operations on each key; default none. */
    public Builder perKeyLimits(ThrottleLimits limits) {
      this.perKeyLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Quota for cryptographic operations over the whole keystore; default none. */
    public Builder overallLimits(ThrottleLimits limits) {
      this.overallLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Encryption count at which a version rotates itself; default 2^30, well below the 2^32
     * random-nonce bound of AES-GCM.
     */
    public Builder usageRotationThreshold(long threshold) {
      if (threshold < 1 || threshold > (1L << 32)) {
        throw new InvalidArgumentException("usage rotation threshold must be 1 to 2^32");
      }
      this.usageRotationThreshold = threshold;
      return this;
    }

    /**
     * Encryptions reserved per durable write of a version's count; a crash can overcount by up to
     * this many. Default 65,536.
     */
    public Builder usageReservationBlock(long block) {
      if (block < 1) {
        throw new InvalidArgumentException("usage reservation block must be at least 1");
      }
      this.usageReservationBlock = block;
      return this;
    }

    /** Test seam: called before each step of a durable write. */
    Builder storageHook(DurableFile.StepHook hook) {
      this.storageHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Opens the keystore, creating it if allowed, and applies any scheduled rotation or deletion
     * that fell due while it was closed.
     *
     * @throws KeystoreUnavailableException if it is locked, the root key does not open it, it is
     *     older than {@link #minimumGeneration} or than its audit log has seen, or it is damaged
     * @throws AuditUnavailableException if the audit log cannot be opened for writing
     * @throws dev.coffer.keystore.audit.AuditIntegrityException if the audit log fails its checks
     * @throws NotFoundException if it does not exist and may not be created
     */
    public Keystore open() {
      return new Keystore(LocalKeystore.open(settings()), directory, region, account);
    }

    /**
     * Gets a keystore going again whose {@link #auditLog} is damaged, instead of opening it: the
     * log fails closed, so damage in its last segment keeps {@link #open} from succeeding, and
     * damage further back fails every verification. Renames the whole log directory aside unchanged
     * (a sibling named {@code audit.damaged-TIME}) as evidence, and begins a new log that continues
     * the hash chain from the head the keystore had anchored, with a signed digest and a {@code
     * RecoverAuditLog} event naming {@code operator}, {@code reason}, the problem found and where
     * the old log went. Records the old log holds after that head stay in the set-aside copy only.
     * Takes the keystore's lock like {@link #open}; the keystore is closed again when it returns.
     * An object store on the same data directory opens afterwards: the head it remembers lies at or
     * before the one the new log continues from.
     *
     * @param operator who recovers the log, for the record (the root key is the authority here, as
     *     for {@link #open}; no policy is consulted)
     * @param reason why, for the record; may be empty, at most 1,024 characters
     * @throws IllegalStateException if no audit log is configured
     * @throws InvalidArgumentException if {@code reason} is too long or holds control characters
     * @throws InvalidStateException if the log is intact (there is nothing to recover) or the
     *     keystore never kept one
     * @throws KeystoreUnavailableException as {@link #open} for the keystore itself, and {@code
     *     ROLLBACK_DETECTED} for a keystore older than the log has seen
     * @throws AuditUnavailableException if the log cannot be read, set aside or begun anew
     */
    public AuditRecovery recoverAuditLog(Principal operator, String reason) {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(reason, "reason");
      if (auditLog == null) {
        throw new IllegalStateException("no audit log is configured: see auditLog(config)");
      }
      if (reason.length() > 1024 || reason.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidArgumentException(
            "the reason must be at most 1,024 characters on one line, without control characters");
      }
      return LocalKeystore.recoverAuditLog(settings(), operator, reason);
    }

    private KeystoreSettings settings() {
      RootKeyProvider provider =
          rootKey != null ? rootKey : RootKeyProvider.keyFile(directory.resolve("root.key"));
      return new KeystoreSettings(
          directory,
          provider.source(),
          createIfMissing,
          minimumGeneration,
          region,
          account,
          clock,
          Optional.ofNullable(authorizer),
          Set.copyOf(administrators),
          Optional.ofNullable(auditSink),
          Optional.ofNullable(perKeyLimits),
          Optional.ofNullable(overallLimits),
          usageRotationThreshold,
          usageReservationBlock,
          storageHook,
          Optional.ofNullable(auditLog),
          auditHook);
    }
  }
}
