package dev.coffer.keystore;

import java.util.List;
import java.util.SortedMap;

/**
 * The KMS operations of a keystore, on behalf of one {@link Caller}. Obtain one with {@link
 * Keystore#as(Caller)}. Names and semantics follow AWS KMS; where a key is named ({@code keyId}), a
 * key id, {@code alias/NAME}, key ARN or alias ARN is accepted.
 *
 * <p>Every call is authorized for the caller and leaves one audit event, allowed or not. Failures
 * are {@link CofferException}s with a stable {@link ErrorCode}. Implementations are thread-safe.
 */
public interface KeyService {

  /** The caller this service acts for. */
  Caller caller();

  // ---- keys

  KeyMetadata createKey(CreateKeyRequest request);

  KeyMetadata describeKey(String keyId);

  List<KeyListEntry> listKeys();

  /**
   * Replaces a key's description (KMS UpdateKeyDescription; up to 8192 characters, may be empty).
   *
   * @throws InvalidStateException if the key is pending deletion
   */
  KeyMetadata updateKeyDescription(String keyId, String description);

  /** Enables a disabled key. Enabling an enabled key does nothing. */
  KeyMetadata enableKey(String keyId);

  /** Disables a key: it stops encrypting and decrypting until enabled. Idempotent. */
  KeyMetadata disableKey(String keyId);

  /**
   * Schedules the key's destruction after {@code pendingWindowInDays} (7–30) days. Until then the
   * key refuses cryptography and {@link #cancelKeyDeletion} can save it.
   */
  KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays);

  /** Cancels a scheduled deletion; the key comes back {@link KeyState#DISABLED}, as in KMS. */
  KeyMetadata cancelKeyDeletion(String keyId);

  // ---- key policies and grants

  /** The key policy (KMS's only policy name is {@code default}). */
  String getKeyPolicy(String keyId);

  /** The names of the key's policies: always {@code [default]}. */
  List<String> listKeyPolicies(String keyId);

  /**
   * Replaces the key policy. Unless bypassed, refuses a policy under which the caller could not
   * change the policy again (KMS's lockout safety check).
   */
  void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck);

  CreatedGrant createGrant(CreateGrantRequest request);

  List<GrantInfo> listGrants(String keyId);

  /** Grants, on any key, that name {@code retiringPrincipal} as their retiring principal. */
  List<GrantInfo> listRetirableGrants(Principal retiringPrincipal);

  /** Retires the grant whose token this is (the grant's retiring principal or grantee). */
  void retireGrant(String grantToken);

  /** Retires a grant named by key and id. */
  void retireGrant(String keyId, String grantId);

  /** Revokes a grant (needs kms:RevokeGrant on the key). */
  void revokeGrant(String keyId, String grantId);

  // ---- identity policies (IAM's inline role and user policies)

  /** Attaches or replaces a named identity policy on a principal. */
  void putPrincipalPolicy(Principal principal, String policyName, String policyDocument);

  String getPrincipalPolicy(Principal principal, String policyName);

  List<String> listPrincipalPolicies(Principal principal);

  void deletePrincipalPolicy(Principal principal, String policyName);

  // ---- aliases

  AliasEntry createAlias(String aliasName, String targetKeyId);

  AliasEntry updateAlias(String aliasName, String targetKeyId);

  void deleteAlias(String aliasName);

  List<AliasEntry> listAliases();

  /** Aliases pointing at one key. */
  List<AliasEntry> listAliases(String keyId);

  // ---- tags

  /**
   * Adds tags to a key or changes their values (KMS TagResource; needs {@code kms:TagResource}).
   * Policies read a key's tags as {@code aws:ResourceTag/<key>}, so tagging can grant or remove
   * access.
   *
   * @throws InvalidStateException if the key is pending deletion
   * @throws LimitExceededException if the key would have more than 50 tags
   */
  void tagResource(TagResourceRequest request);

  /** Removes tags from a key (KMS UntagResource; needs {@code kms:UntagResource}). */
  void untagResource(UntagResourceRequest request);

  /** A key's tags, sorted by tag key (KMS ListResourceTags; any key state). */
  SortedMap<String, String> listResourceTags(String keyId);

  // ---- versions and rotation

  /** Adds a version and makes it primary. Older versions keep decrypting. */
  KeyVersionInfo rotateKeyOnDemand(String keyId);

  /** Rotates automatically every {@code rotationPeriodInDays} (90–2560) days. */
  RotationStatus enableKeyRotation(String keyId, int rotationPeriodInDays);

  RotationStatus disableKeyRotation(String keyId);

  RotationStatus getKeyRotationStatus(String keyId);

  /** Every version a rotation created, oldest first (the first version is not a rotation). */
  List<KeyRotation> listKeyRotations(String keyId);

  /**
   * Retires versions below {@code version}: they refuse to decrypt until the minimum is lowered
   * again. Cannot exceed the primary version or go below a destroyed version.
   */
  KeyMetadata updateMinDecryptionVersion(String keyId, int version);

  /** Erases a retired version's material for good; what it encrypted becomes unreadable. */
  KeyMetadata destroyKeyVersion(String keyId, int version);

  // ---- cryptography

  /** A fresh data key, in plaintext and wrapped under the key's primary version. */
  DataKey generateDataKey(GenerateDataKeyRequest request);

  /** A fresh data key, wrapped only; the plaintext never leaves the keystore. */
  Ciphertext generateDataKeyWithoutPlaintext(GenerateDataKeyRequest request);

  /** Encrypts up to 4 KiB directly under the key's primary version. */
  Ciphertext encrypt(EncryptRequest request);

  Decrypted decrypt(DecryptRequest request);

  /** Decrypts and encrypts again inside the keystore: no plaintext leaves it. */
  ReEncrypted reEncrypt(ReEncryptRequest request);
}
