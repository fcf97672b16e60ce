package dev.coffer.engine.internal.ops;

import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.policy.KeyPolicies;

/**
 * The key policy of the keys Coffer manages ({@code alias/coffer/default}, {@code
 * alias/coffer/engine-metadata}), as AWS protects {@code aws/s3}: the account's identity policies
 * decide who may use them, but nobody except the engine itself may disable them, schedule their
 * deletion, change their policy or move or delete their aliases. Disabling the metadata key would
 * make every object's head and listing fail; deleting it would lose every object's content type and
 * user metadata.
 *
 * <p>The engine's own calls carry its {@code kms:ViaService} value, which the deny statement
 * exempts, so that a later version can still change these policies.
 */
public final class ManagedKeyPolicy {
  /** The version {@code EngineMeta.managed_key_policy_version} records once applied. */
  public static final int VERSION = 1;

  static final String SID = "Managed by Coffer";

  private ManagedKeyPolicy() {}

  /** The policy for a managed key of {@code account}, exempting the engine's {@code via}. */
  public static String of(String account, String via) {
    return "{\n"
        + "  \"Version\": \"2012-10-17\",\n"
        + "  \"Id\": \"coffer-managed-key-"
        + VERSION
        + "\",\n"
        + "  \"Statement\": [\n"
        + KeyPolicies.enableIamUserPermissions(account)
        + ",\n"
        + "    {\n"
        + "      \"Sid\": \""
        + SID
        + "\",\n"
        + "      \"Effect\": \"Deny\",\n"
        + "      \"Principal\": \"*\",\n"
        + "      \"Action\": [\"kms:DisableKey\", \"kms:ScheduleKeyDeletion\", \"kms:PutKeyPolicy\","
        + " \"kms:UpdateAlias\", \"kms:DeleteAlias\"],\n"
        + "      \"Resource\": \"*\",\n"
        + "      \"Condition\": {\"StringNotEquals\": {\"kms:ViaService\": \""
        + via
        + "\"}}\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }

  /** Applies the policy to an existing managed key (one made before managed keys had it). */
  public static void apply(KeyService engine, String keyId, String account, String via) {
    engine.putKeyPolicy(keyId, of(account, via), false);
  }
}
