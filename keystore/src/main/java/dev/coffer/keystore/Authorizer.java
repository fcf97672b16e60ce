package dev.coffer.keystore;

import java.util.Set;

/**
 * Decides whether a caller may perform an action. Every keystore call passes exactly one
 * authorizer. Implementations must be thread-safe and fast: they run on every data-key operation.
 */
@FunctionalInterface
public interface Authorizer {
  AccessDecision authorize(AccessRequest request);

  /**
   * The built-in rule until key policies exist: any principal may create and list keys; a key's
   * creator and the given administrators may do everything with it; nobody else may touch it.
   */
  static Authorizer creatorOrAdministrators(Set<Principal> administrators) {
    Set<Principal> admins = Set.copyOf(administrators);
    return request -> {
      Principal who = request.caller().principal();
      if (admins.contains(who)) {
        return AccessDecision.allow(who + " is a keystore administrator");
      }
      if (request.keyCreator().isEmpty()) {
        return AccessDecision.allow(request.action() + " is open to every principal");
      }
      if (request.keyCreator().get().equals(who)) {
        return AccessDecision.allow(who + " created " + request.resource());
      }
      return AccessDecision.deny(
          who
              + " is neither the creator of "
              + request.resource()
              + " nor a keystore administrator, so "
              + request.action()
              + " is not allowed");
    };
  }
}
