package dev.coffer.keystore.policy;

import dev.coffer.keystore.InvalidArgumentException;

/**
 * A policy document was refused: bad JSON, too large, an unknown version, element or operator, a
 * value of the wrong type. The message names the statement and the field (KMS's
 * MalformedPolicyDocumentException).
 */
public class MalformedPolicyException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedPolicyException(String message) {
    super(message);
  }
}
