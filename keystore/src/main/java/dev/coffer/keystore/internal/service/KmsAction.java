package dev.coffer.keystore.internal.service;

/** The keystore's operations: their audit event names, IAM actions and read-only flags. */
enum KmsAction {
  CREATE_KEY("CreateKey", false, false),
  DESCRIBE_KEY("DescribeKey", true, true),
  UPDATE_KEY_DESCRIPTION("UpdateKeyDescription", false, true),
  LIST_KEYS("ListKeys", true, false),
  ENABLE_KEY("EnableKey", false, true),
  DISABLE_KEY("DisableKey", false, true),
  SCHEDULE_KEY_DELETION("ScheduleKeyDeletion", false, true),
  CANCEL_KEY_DELETION("CancelKeyDeletion", false, true),
  /** Recorded when a key pending deletion reaches its date; not callable. */
  DELETE_KEY("DeleteKey", false, true),
  PUT_KEY_POLICY("PutKeyPolicy", false, true),
  GET_KEY_POLICY("GetKeyPolicy", true, true),
  LIST_KEY_POLICIES("ListKeyPolicies", true, true),
  CREATE_GRANT("CreateGrant", false, true),
  LIST_GRANTS("ListGrants", true, true),
  LIST_RETIRABLE_GRANTS("ListRetirableGrants", true, false),
  RETIRE_GRANT("RetireGrant", false, true),
  REVOKE_GRANT("RevokeGrant", false, true),
  /** Identity-policy management; authorized with the IAM action for the principal's kind. */
  PUT_PRINCIPAL_POLICY("PutPrincipalPolicy", false, false),
  GET_PRINCIPAL_POLICY("GetPrincipalPolicy", true, false),
  LIST_PRINCIPAL_POLICIES("ListPrincipalPolicies", true, false),
  DELETE_PRINCIPAL_POLICY("DeletePrincipalPolicy", false, false),
  CREATE_ALIAS("CreateAlias", false, true),
  UPDATE_ALIAS("UpdateAlias", false, true),
  DELETE_ALIAS("DeleteAlias", false, true),
  TAG_RESOURCE("TagResource", false, true),
  UNTAG_RESOURCE("UntagResource", false, true),
  LIST_RESOURCE_TAGS("ListResourceTags", true, true),
  LIST_ALIASES("ListAliases", true, false),
  ROTATE_KEY_ON_DEMAND("RotateKeyOnDemand", false, true),
  /** Recorded when the keystore rotates a key by schedule or usage; not callable. */
  ROTATE_KEY("RotateKey", false, true),
  ENABLE_KEY_ROTATION("EnableKeyRotation", false, true),
  DISABLE_KEY_ROTATION("DisableKeyRotation", false, true),
  GET_KEY_ROTATION_STATUS("GetKeyRotationStatus", true, true),
  LIST_KEY_ROTATIONS("ListKeyRotations", true, true),
  UPDATE_MIN_DECRYPTION_VERSION("UpdateMinDecryptionVersion", false, true),
  DESTROY_KEY_VERSION("DestroyKeyVersion", false, true),
  GENERATE_DATA_KEY("GenerateDataKey", true, true),
  GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext", true, true),
  ENCRYPT("Encrypt", true, true),
  DECRYPT("Decrypt", true, true),
  /** The audit event of ReEncrypt; authorized as ReEncryptFrom plus ReEncryptTo. */
  RE_ENCRYPT("ReEncrypt", true, true),
  RE_ENCRYPT_FROM("ReEncryptFrom", true, true),
  RE_ENCRYPT_TO("ReEncryptTo", true, true);

  private final String eventName;
  private final boolean readOnly;
  private final boolean keyScoped;

  KmsAction(String eventName, boolean readOnly, boolean keyScoped) {
    this.eventName = eventName;
    this.readOnly = readOnly;
    this.keyScoped = keyScoped;
  }

  String eventName() {
    return eventName;
  }

  /** The action as IAM policies name it. */
  String iamAction() {
    return "kms:" + eventName;
  }

  boolean readOnly() {
    return readOnly;
  }

  /** Whether the action is on one key (else on the account, resource {@code *}). */
  boolean keyScoped() {
    return keyScoped;
  }
}
