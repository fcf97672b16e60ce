package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.List;
import java.util.Optional;

/** One statement, compiled for evaluation. Immutable. */
record CompiledStatement(
    int index,
    Optional<String> sid,
    boolean allow,
    PrincipalMatcher principal,
    boolean notPrincipal,
    PatternSet actions,
    boolean notAction,
    PatternSet resources,
    boolean notResource,
    List<Condition> conditions) {

  /** How the statement's principal element relates to the caller (DIRECT in identity policies). */
  PrincipalMatcher.Match principalMatch(RequestContext request) {
    if (principal == null) {
      return PrincipalMatcher.Match.DIRECT;
    }
    PrincipalMatcher.Match m = principal.match(request);
    if (notPrincipal) {
      return m == PrincipalMatcher.Match.NONE
          ? PrincipalMatcher.Match.DIRECT
          : PrincipalMatcher.Match.NONE;
    }
    return m;
  }

  /** Whether action, resource and every condition apply (the principal is checked apart). */
  boolean applies(RequestContext request) {
    if (actions.matches(request.action(), request) == notAction) {
      return false;
    }
    if (resources.matches(request.resource(), request) == notResource) {
      return false;
    }
    for (int i = 0; i < conditions.size(); i++) {
      if (!conditions.get(i).matches(request)) {
        return false;
      }
    }
    return true;
  }

  /** How messages name it: its Sid, or its position. */
  String label() {
    return sid.isPresent() ? "\"" + sid.get() + "\"" : "#" + (index + 1);
  }
}
