package dev.coffer.engine.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * How an engine was configured; validated by {@code Coffer.Builder}.
 *
 * @param segmentSize plaintext bytes per encrypted segment
 * @param bucketKeyLifetime how long a bucket key is used before a new one is made
 * @param bucketKeyMaxUses how many objects one bucket key may encrypt
 * @param viaService the {@code kms:ViaService} value the engine sets on its keystore calls
 * @param loggedSegmentBytes how many bytes of an object's segments go through the write-ahead log;
 *     later ones are flushed to a table file before the object's record commits
 * @param inlineObjectBytes objects of one segment and at most this many bytes keep their sealed
 *     data in their record (0: none do)
 */
public record EngineSettings(
    int segmentSize,
    Duration bucketKeyLifetime,
    long bucketKeyMaxUses,
    String viaService,
    String region,
    String account,
    Clock clock,
    boolean syncWrites,
    boolean warmUpCrypto,
    long loggedSegmentBytes,
    int inlineObjectBytes) {}
