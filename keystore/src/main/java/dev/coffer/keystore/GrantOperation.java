package dev.coffer.keystore;

import java.util.Set;

/** The operations a grant can allow, named as KMS names them. */
public enum GrantOperation {
  DECRYPT("Decrypt", true),
  ENCRYPT("Encrypt", true),
  GENERATE_DATA_KEY("GenerateDataKey", true),
  GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext", true),
  RE_ENCRYPT_FROM("ReEncryptFrom", true),
  RE_ENCRYPT_TO("ReEncryptTo", true),
  CREATE_GRANT("CreateGrant", false),
  RETIRE_GRANT("RetireGrant", false),
  DESCRIBE_KEY("DescribeKey", false);

  private final String kmsName;
  private final boolean cryptographic;

  GrantOperation(String kmsName, boolean cryptographic) {
    this.kmsName = kmsName;
    this.cryptographic = cryptographic;
  }

  public String kmsName() {
    return kmsName;
  }

  /** Whether the operation takes an encryption context, so grant constraints can apply to it. */
  public boolean cryptographic() {
    return cryptographic;
  }

  /**
   * The operation KMS calls {@code name}.
   *
   * @throws InvalidArgumentException if no grantable operation has that name
   */
  public static GrantOperation fromKmsName(String name) {
    for (GrantOperation op : values()) {
      if (op.kmsName.equals(name)) {
        return op;
      }
    }
    throw new InvalidArgumentException(
        "\"" + name + "\" is not a grant operation; use one of " + names(Set.of(values())));
  }

  static String names(Set<GrantOperation> ops) {
    return String.join(", ", ops.stream().map(GrantOperation::kmsName).sorted().toList());
  }
}
