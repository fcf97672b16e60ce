package dev.coffer.keystore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One operation, as the audit log records it. Carries names, ARNs, versions and encryption context,
 * never plaintext or key material.
 *
 * @param eventSource {@code keystore}, {@code engine} or {@code admin}
 * @param eventName the KMS-style operation name, such as {@code GenerateDataKey}
 * @param keyArn the key acted on (for ReEncrypt, the destination key)
 * @param keyVersion the key version used
 * @param requestParameters further non-secret parameters (alias name, pending window, ...)
 * @param accessExplanation why access was allowed or denied
 * @param resources ARNs of the resources acted on (keys, and buckets and objects for the engine)
 * @param sourceEncryptionContext ReEncrypt: the context of the ciphertext it decrypted
 */
public record AuditEvent(
    Instant eventTime,
    String eventSource,
    String eventName,
    Caller caller,
    boolean readOnly,
    Optional<String> keyArn,
    OptionalInt keyVersion,
    EncryptionContext encryptionContext,
    Map<String, String> requestParameters,
    AuditOutcome outcome,
    Optional<ErrorCode> errorCode,
    Optional<String> errorMessage,
    Optional<String> accessExplanation,
    List<String> resources,
    Optional<EncryptionContext> sourceEncryptionContext) {
  public AuditEvent {
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(eventSource, "eventSource");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(keyVersion, "keyVersion");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    requestParameters = Map.copyOf(requestParameters);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(accessExplanation, "accessExplanation");
    resources = List.copyOf(resources);
    Objects.requireNonNull(sourceEncryptionContext, "sourceEncryptionContext");
  }

  /** An event whose only resource is the key it names, if any. */
  public AuditEvent(
      Instant eventTime,
      String eventSource,
      String eventName,
      Caller caller,
      boolean readOnly,
      Optional<String> keyArn,
      OptionalInt keyVersion,
      EncryptionContext encryptionContext,
      Map<String, String> requestParameters,
      AuditOutcome outcome,
      Optional<ErrorCode> errorCode,
      Optional<String> errorMessage,
      Optional<String> accessExplanation) {
    this(
        eventTime,
        eventSource,
        eventName,
        caller,
        readOnly,
        keyArn,
        keyVersion,
        encryptionContext,
        requestParameters,
        outcome,
        errorCode,
        errorMessage,
        accessExplanation,
        keyArn.stream().toList(),
        Optional.empty());
  }
}
