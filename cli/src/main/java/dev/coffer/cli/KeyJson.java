package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.RotationStatus;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON forms of keystore results. Field names are camelCase versions of the AWS CLI's and are
 * part of the CLI's contract; absent optional values are left out, as the AWS CLI does. Dates are
 * ISO-8601 instants, binary values standard base64.
 */
final class KeyJson {
  private KeyJson() {}

  static JsonObject keyMetadata(KeyMetadata key) {
    JsonObject json = new JsonObject();
    json.addProperty("keyId", key.keyId());
    json.addProperty("arn", key.arn());
    json.addProperty("description", key.description());
    json.addProperty("creator", key.creator().name());
    json.addProperty("creationDate", key.creationDate().toString());
    json.addProperty("enabled", key.enabled());
    json.addProperty("keyState", key.keyState().awsName());
    json.addProperty("keySpec", KeyMetadata.KEY_SPEC);
    json.addProperty("keyUsage", KeyMetadata.KEY_USAGE);
    date(json, "deletionDate", key.deletionDate());
    key.pendingDeletionWindowInDays().ifPresent(d -> json.addProperty("pendingWindowInDays", d));
    date(json, "destroyedDate", key.destroyedDate());
    json.addProperty("primaryVersion", key.primaryVersion());
    json.addProperty("minDecryptionVersion", key.minDecryptionVersion());
    json.add("versions", array(key.versions(), KeyJson::version));
    json.addProperty("keyRotationEnabled", key.rotationEnabled());
    key.rotationPeriodInDays().ifPresent(d -> json.addProperty("rotationPeriodInDays", d));
    date(json, "nextRotationDate", key.nextRotationDate());
    json.add("tags", map(key.tags()));
    return json;
  }

  static JsonObject version(KeyVersionInfo version) {
    JsonObject json = new JsonObject();
    json.addProperty("version", version.version());
    json.addProperty("creationDate", version.creationDate().toString());
    json.addProperty("origin", version.origin().name());
    json.addProperty("state", version.state().name());
    json.addProperty("encryptions", version.encryptions());
    date(json, "destroyedDate", version.destroyedDate());
    return json;
  }

  static JsonObject alias(AliasEntry alias) {
    JsonObject json = new JsonObject();
    json.addProperty("aliasName", alias.aliasName());
    json.addProperty("aliasArn", alias.aliasArn());
    json.addProperty("targetKeyId", alias.targetKeyId());
    json.addProperty("creationDate", alias.creationDate().toString());
    json.addProperty("lastUpdatedDate", alias.lastUpdatedDate().toString());
    return json;
  }

  static JsonObject rotationStatus(RotationStatus status) {
    JsonObject json = new JsonObject();
    json.addProperty("keyId", status.keyArn());
    json.addProperty("keyRotationEnabled", status.rotationEnabled());
    status.rotationPeriodInDays().ifPresent(d -> json.addProperty("rotationPeriodInDays", d));
    date(json, "nextRotationDate", status.nextRotationDate());
    date(json, "lastRotationDate", status.lastRotationDate());
    return json;
  }

  static JsonObject rotation(KeyRotation rotation) {
    JsonObject json = new JsonObject();
    json.addProperty("keyId", rotation.keyArn());
    json.addProperty("version", rotation.version());
    json.addProperty("rotationDate", rotation.rotationDate().toString());
    json.addProperty("rotationType", rotation.type().name());
    return json;
  }

  /** A grant as ListGrants shows it; {@code keyId} is the key ARN, as KMS. */
  static JsonObject grant(GrantInfo grant) {
    JsonObject json = new JsonObject();
    json.addProperty("keyId", grant.keyArn());
    json.addProperty("grantId", grant.grantId());
    if (!grant.name().isEmpty()) {
      json.addProperty("name", grant.name());
    }
    json.addProperty("granteePrincipal", grant.granteePrincipal().name());
    grant.retiringPrincipal().ifPresent(p -> json.addProperty("retiringPrincipal", p.name()));
    json.addProperty("issuingPrincipal", grant.issuingPrincipal().name());
    json.add("operations", strings(AccessText.operationNames(grant.operations())));
    JsonObject constraints = new JsonObject();
    if (!grant.constraintEquals().isEmpty()) {
      constraints.add("encryptionContextEquals", map(grant.constraintEquals()));
    }
    if (!grant.constraintSubset().isEmpty()) {
      constraints.add("encryptionContextSubset", map(grant.constraintSubset()));
    }
    if (constraints.size() > 0) {
      json.add("constraints", constraints);
    }
    json.addProperty("creationDate", grant.creationDate().toString());
    return json;
  }

  /** A ciphertext blob and the key version that made it; {@code keyId} is the key ARN, as KMS. */
  static JsonObject ciphertext(Ciphertext ciphertext) {
    JsonObject json = new JsonObject();
    json.addProperty("keyId", ciphertext.keyArn());
    json.addProperty("keyVersion", ciphertext.keyVersion());
    json.addProperty("ciphertextBlob", base64(ciphertext.blob()));
    return json;
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static <T> JsonArray array(Collection<T> items, Function<T, JsonObject> toJson) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(toJson.apply(item)));
    return array;
  }

  static JsonArray strings(List<String> items) {
    JsonArray array = new JsonArray();
    items.forEach(array::add);
    return array;
  }

  static JsonObject map(Map<String, String> map) {
    JsonObject json = new JsonObject();
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> json.addProperty(e.getKey(), e.getValue()));
    return json;
  }

  private static void date(JsonObject json, String name, Optional<Instant> date) {
    date.ifPresent(d -> json.addProperty(name, d.toString()));
  }
}
