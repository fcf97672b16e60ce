package dev.coffer.keystore;

/**
 * A conditional write was refused because its condition did not hold, as S3's PreconditionFailed:
 * nothing was written.
 */
public class PreconditionFailedException extends CofferException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String message) {
    super(ErrorCode.PRECONDITION_FAILED, message);
  }
}
