package dev.coffer.keystore;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Authorizer} decides on.
 *
 * @param action the IAM action, such as {@code kms:GenerateDataKey}
 * @param resource the ARN acted on: a key ARN, a principal ARN for identity-policy management, or
 *     {@code *} for account-level actions such as CreateKey and ListKeys
 * @param keyId the key acted on, for key-level actions
 * @param encryptionContext the request's context (empty when the action has none)
 * @param conditionKeys further condition keys of this request ({@code kms:GrantOperations}, {@code
 *     kms:RequestAlias}, ...), by name
 */
public record AccessRequest(
    Caller caller,
    String action,
    String resource,
    Optional<String> keyId,
    EncryptionContext encryptionContext,
    Map<String, List<String>> conditionKeys) {
  public AccessRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    conditionKeys = Map.copyOf(conditionKeys);
  }
}
