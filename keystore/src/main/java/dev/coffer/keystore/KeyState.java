package dev.coffer.keystore;

/**
 * Lifecycle state of a master key. The legal transitions:
 *
 * <pre>
 *   ENABLED ⇄ DISABLED                  EnableKey / DisableKey (idempotent)
 *   ENABLED | DISABLED → PENDING_DELETION   ScheduleKeyDeletion (7–30 days)
 *   PENDING_DELETION → DISABLED         CancelKeyDeletion (as KMS: the key comes back disabled)
 *   PENDING_DELETION → DESTROYED        the window has passed; key material is erased
 * </pre>
 *
 * Only an {@code ENABLED} key encrypts or decrypts. {@code DESTROYED} is final.
 */
public enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  DESTROYED("Destroyed");

  private final String awsName;

  KeyState(String awsName) {
    this.awsName = awsName;
  }

  /** The name KMS uses for this state, as shown by DescribeKey. */
  public String awsName() {
    return awsName;
  }
}
