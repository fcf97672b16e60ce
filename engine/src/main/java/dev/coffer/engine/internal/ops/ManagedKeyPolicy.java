package dev.coffer.engine.internal.ops;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyUnavailableException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.policy.KeyPolicies;

/**
 * The key policies of the keys Coffer manages ({@code alias/coffer/default}, {@code
 * alias/coffer/engine-metadata}), as AWS protects {@code aws/s3}: the account's identity policies
 * decide who may use them, but nobody except the engine itself may disable them, schedule their
 * deletion, change their policy or move or delete their aliases. Disabling the metadata key would
 * make every head, get and listing fail, and the store would not open without it.
 *
 * <p>The metadata key's versions cannot be retired or destroyed either: the engine's own data key,
 * under whichever version wrapped it, is needed at every open, and no object record refers to it,
 * so the reference checks of version retirement would not see it.
 *
 * <p>The engine's own calls carry its {@code kms:ViaService} value, which the deny statement
 * exempts, so that a later version can still change these policies.
 */
public final class ManagedKeyPolicy {
  /** The version {@code EngineMeta.managed_key_policy_version} records once applied. */
  public static final int VERSION = 2;

  static final String SID = "Managed by Coffer";

  private static final String DENIED =
      "\"kms:DisableKey\", \"kms:ScheduleKeyDeletion\", \"kms:PutKeyPolicy\","
          + " \"kms:UpdateAlias\", \"kms:DeleteAlias\"";

  private static final String DENIED_FOR_METADATA =
      DENIED + ", \"kms:UpdateMinDecryptionVersion\", \"kms:DestroyKeyVersion\"";

  private ManagedKeyPolicy() {}

  /** The policy of the default key of buckets, exempting the engine's {@code via}. */
  public static String forDefaultKey(String account, String via) {
    return policy(account, via, DENIED, VERSION);
  }

  /** The policy of the key that seals content types and user metadata. */
  public static String forMetadataKey(String account, String via) {
    return policy(account, via, DENIED_FOR_METADATA, VERSION);
  }

  private static String policy(String account, String via, String deniedActions, int version) {
    return "{\n"
        + "  \"Version\": \"2012-10-17\",\n"
        + "  \"Id\": \"coffer-managed-key-"
        + version
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
        + "      \"Action\": ["
        + deniedActions
        + "],\n"
        + "      \"Resource\": \"*\",\n"
        + "      \"Condition\": {\"StringNotEquals\": {\"kms:ViaService\": \""
        + via
        + "\"}}\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }

  /**
   * Gives an existing managed key {@code policy} if its policy is still one Coffer gave it (the
   * default key policy, or version 1 of these with the same {@code via}); a policy someone has
   * changed since is left as it is, and so is a key the engine may no longer change (disabled,
   * deleted, or under a policy that denies it): upgrading must never stop a store from opening.
   *
   * @return whether the policy was replaced
   */
  public static boolean upgrade(
      KeyService engine, String keyId, String policy, String account, String via) {
    try {
      String current = engine.getKeyPolicy(keyId);
      boolean coffers =
          current.equals(KeyPolicies.defaultFor(account))
              || current.equals(policy(account, via, DENIED, 1));
      if (!coffers || current.equals(policy)) {
        return false;
      }
      engine.putKeyPolicy(keyId, policy, false);
      return true;
    } catch (AccessDeniedException
        | NotFoundException
        | InvalidStateException
        | KeyUnavailableException e) {
      return false;
    }
  }
}
