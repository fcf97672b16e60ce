package dev.coffer.keystore.policy;

/**
 * A key policy was refused by KMS's lockout safety check: under it, the caller could not change the
 * policy again. Installing it anyway takes the explicit bypass option.
 */
public class PolicyLockoutException extends MalformedPolicyException {
  private static final long serialVersionUID = 1L;

  public PolicyLockoutException(String message) {
    super(message);
  }
}
