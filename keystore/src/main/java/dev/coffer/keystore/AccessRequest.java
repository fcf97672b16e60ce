package dev.coffer.keystore;

import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Authorizer} decides on.
 *
 * @param action the IAM action, such as {@code kms:GenerateDataKey}
 * @param resource the ARN acted on: a key ARN, or {@code *} for account-level actions such as
 *     CreateKey and ListKeys
 * @param keyCreator the principal that created the key, for key-level actions
 * @param encryptionContext the request's context (empty when the action has none)
 */
public record AccessRequest(
    Caller caller,
    String action,
    String resource,
    Optional<Principal> keyCreator,
    EncryptionContext encryptionContext) {
  public AccessRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(keyCreator, "keyCreator");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
  }
}
