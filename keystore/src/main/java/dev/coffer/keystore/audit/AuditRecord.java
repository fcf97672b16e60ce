package dev.coffer.keystore.audit;

import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.internal.audit.JsonRecords;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One event of the audit log as stored, in CloudTrail's terms. Holds names, ARNs, versions and
 * encryption context (hashed values read {@code hmac-sha256:HEX}), never plaintext or key material.
 *
 * @param sequence its place in the log: 1, 2, 3, ...
 * @param eventId a random UUID
 * @param eventVersion the record's shape; 1
 * @param eventSource {@code keystore}, {@code engine}, {@code admin}, or {@code audit} for what the
 *     log records about itself (a torn write cut at open, segments removed by retention)
 * @param principal the caller's principal ARN
 * @param sourceAddress the client's address, when called through the sidecar
 * @param userAgent the client, when called through the sidecar
 * @param viaService the service that called on the principal's behalf ({@code kms:ViaService})
 * @param requestParameters how the key was named ({@code keyId}), bucket ({@code bucketName}),
 *     object key ({@code key}) and the operation's other non-secret parameters
 * @param sourceEncryptionContext ReEncrypt: the context of the ciphertext it decrypted
 * @param keyArn response element: the key used (for ReEncrypt, the destination)
 * @param keyVersion response element: the key version used
 * @param resources ARNs of the resources acted on
 * @param errorCode the {@link dev.coffer.keystore.ErrorCode} name of a denial or failure
 * @param accessExplanation why access was allowed or denied
 * @param previousHash the chain hash of the record before, lowercase hex
 * @param hash this record's chain hash, lowercase hex
 */
public record AuditRecord(
    long sequence,
    String eventId,
    int eventVersion,
    Instant eventTime,
    String eventSource,
    String eventName,
    String principal,
    Optional<String> sourceAddress,
    Optional<String> userAgent,
    Optional<String> viaService,
    boolean secureTransport,
    boolean readOnly,
    Map<String, String> requestParameters,
    Map<String, String> encryptionContext,
    Map<String, String> sourceEncryptionContext,
    Optional<String> keyArn,
    OptionalInt keyVersion,
    List<String> resources,
    AuditOutcome outcome,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Optional<String> accessExplanation,
    String previousHash,
    String hash) {

  public AuditRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(eventSource, "eventSource");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(sourceAddress, "sourceAddress");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(viaService, "viaService");
    requestParameters = sorted(requestParameters);
    encryptionContext = sorted(encryptionContext);
    sourceEncryptionContext = sorted(sourceEncryptionContext);
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(keyVersion, "keyVersion");
    resources = List.copyOf(resources);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(accessExplanation, "accessExplanation");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /**
   * The record as one line of JSON in CloudTrail's shape ({@code eventVersion}, {@code eventTime},
   * {@code userIdentity}, {@code requestParameters}, {@code responseElements}, {@code resources},
   * ...), plus Coffer's {@code sequenceNumber}, {@code outcome}, {@code accessExplanation}, {@code
   * previousHash} and {@code hash}. Keys are in a fixed order.
   */
  public String toJson() {
    return JsonRecords.toJson(this);
  }
}
