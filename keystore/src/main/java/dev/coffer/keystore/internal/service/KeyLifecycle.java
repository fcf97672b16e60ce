package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyUnavailableException;
import dev.coffer.keystore.internal.model.MasterKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The master-key state machine. Every state change goes through here, and the table below is the
 * whole of what is legal; anything else is {@link InvalidStateException}, as KMS's
 * KMSInvalidStateException.
 *
 * <pre>
 *   transition        from                      to
 *   enable            Enabled, Disabled         Enabled
 *   disable           Enabled, Disabled         Disabled
 *   scheduleDeletion  Enabled, Disabled         PendingDeletion
 *   cancelDeletion    PendingDeletion           Disabled
 *   destroy           PendingDeletion (due)     Destroyed
 * </pre>
 */
final class KeyLifecycle {
  static final int MIN_PENDING_WINDOW_DAYS = 7;
  static final int MAX_PENDING_WINDOW_DAYS = 30;
  static final int DEFAULT_PENDING_WINDOW_DAYS = 30;

  enum Transition {
    ENABLE(EnumSet.of(KeyState.ENABLED, KeyState.DISABLED)),
    DISABLE(EnumSet.of(KeyState.ENABLED, KeyState.DISABLED)),
    SCHEDULE_DELETION(EnumSet.of(KeyState.ENABLED, KeyState.DISABLED)),
    CANCEL_DELETION(EnumSet.of(KeyState.PENDING_DELETION)),
    DESTROY(EnumSet.of(KeyState.PENDING_DELETION));

    private final Set<KeyState> from;

    Transition(Set<KeyState> from) {
      this.from = from;
    }
  }

  private static final Map<Transition, KeyState> TARGET =
      Map.of(
          Transition.ENABLE, KeyState.ENABLED,
          Transition.DISABLE, KeyState.DISABLED,
          Transition.SCHEDULE_DELETION, KeyState.PENDING_DELETION,
          Transition.CANCEL_DELETION, KeyState.DISABLED,
          Transition.DESTROY, KeyState.DESTROYED);

  private KeyLifecycle() {}

  static boolean allowed(Transition t, KeyState from) {
    return t.from.contains(from);
  }

  static KeyState target(Transition t) {
    return TARGET.get(t);
  }

  static MasterKey apply(Transition t, MasterKey key, String arn, Instant now) {
    check(t, key, arn);
    return switch (t) {
      case ENABLE, DISABLE, CANCEL_DELETION ->
          key.state() == target(t) ? key : key.withState(target(t), now);
      case DESTROY -> key.destroyed(now);
      case SCHEDULE_DELETION ->
          throw new IllegalArgumentException("use scheduleDeletion, which takes a window");
    };
  }

  static MasterKey scheduleDeletion(MasterKey key, String arn, int windowDays, Instant now) {
    if (windowDays < MIN_PENDING_WINDOW_DAYS || windowDays > MAX_PENDING_WINDOW_DAYS) {
      throw new InvalidArgumentException(
          "pending window must be "
              + MIN_PENDING_WINDOW_DAYS
              + " to "
              + MAX_PENDING_WINDOW_DAYS
              + " days, not "
              + windowDays);
    }
    check(Transition.SCHEDULE_DELETION, key, arn);
    return key.pendingDeletion(windowDays, now);
  }

  /**
   * Refuses cryptography with a key that is not enabled, naming its state.
   *
   * @throws KeyUnavailableException if the key is disabled, pending deletion or destroyed
   */
  static void requireUsable(MasterKey key, String arn) {
    if (key.state() != KeyState.ENABLED) {
      throw KeyUnavailableException.forState(arn, key.state());
    }
  }

  /** Refuses administration of a destroyed key, which is final. */
  static void requireNotDestroyed(MasterKey key, String arn) {
    if (key.state() == KeyState.DESTROYED) {
      throw KeyUnavailableException.forState(arn, KeyState.DESTROYED);
    }
  }

  private static void check(Transition t, MasterKey key, String arn) {
    requireNotDestroyed(key, arn);
    if (!allowed(t, key.state())) {
      throw new InvalidStateException(
          arn
              + " is "
              + key.state().awsName()
              + "; "
              + t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " needs it to be "
              + describe(t.from));
    }
  }

  private static String describe(Set<KeyState> states) {
    StringBuilder sb = new StringBuilder();
    for (KeyState s : states) {
      if (sb.length() > 0) {
        sb.append(" or ");
      }
      sb.append(s.awsName());
    }
    return sb.toString();
  }
}
