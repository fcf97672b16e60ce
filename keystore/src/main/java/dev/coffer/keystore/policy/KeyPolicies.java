package dev.coffer.keystore.policy;

/** The key policy CreateKey installs when none is given, as KMS does. */
public final class KeyPolicies {
  /** KMS's only key-policy name. */
  public static final String DEFAULT_POLICY_NAME = "default";

  private KeyPolicies() {}

  /**
   * The default key policy: the account root may do everything with the key, which delegates the
   * key's access control to the account's identity policies (KMS's "Enable IAM User Permissions").
   */
  public static String defaultFor(String account) {
    return "{\n"
        + "  \"Version\": \"2012-10-17\",\n"
        + "  \"Id\": \"key-default-1\",\n"
        + "  \"Statement\": [\n"
        + enableIamUserPermissions(account)
        + "\n"
        + "  ]\n"
        + "}\n";
  }

  /**
   * The default policy's one statement, "Enable IAM User Permissions", for policies that build on
   * it; indented as a statement of a policy document, without a trailing comma or line break.
   */
  public static String enableIamUserPermissions(String account) {
    return "    {\n"
        + "      \"Sid\": \"Enable IAM User Permissions\",\n"
        + "      \"Effect\": \"Allow\",\n"
        + "      \"Principal\": {\"AWS\": \"arn:aws:iam::"
        + account
        + ":root\"},\n"
        + "      \"Action\": \"kms:*\",\n"
        + "      \"Resource\": \"*\"\n"
        + "    }";
  }
}
