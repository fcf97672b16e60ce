package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AuditSink;
import dev.coffer.keystore.Authorizer;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ThrottleLimits;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.internal.audit.LogHook;
import dev.coffer.keystore.internal.crypto.RootKeySource;
import dev.coffer.keystore.internal.store.DurableFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a keystore is opened with; validated by {@code Keystore.Builder}. With an audit log,
 * events go to the log and then, if one was given, to {@code auditSink} too.
 */
public record KeystoreSettings(
    Path directory,
    RootKeySource rootKey,
    boolean createIfMissing,
    long minimumGeneration,
    String region,
    String account,
    Clock clock,
    Optional<Authorizer> authorizer,
    Set<Principal> administrators,
    Optional<AuditSink> auditSink,
    Optional<ThrottleLimits> perKeyLimits,
    Optional<ThrottleLimits> overallLimits,
    long usageRotationThreshold,
    long usageReservationBlock,
    DurableFile.StepHook storageHook,
    Optional<AuditLogConfig> auditLog,
    LogHook auditHook) {}
