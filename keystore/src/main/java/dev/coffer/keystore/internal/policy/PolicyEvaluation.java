package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.Optional;

/**
 * One policy's verdict on one request: the first Deny statement that applies, and the first Allow
 * statements that apply to the caller directly or to the caller's account.
 */
public final class PolicyEvaluation {
  private final CompiledStatement deny;
  private final CompiledStatement directAllow;
  private final CompiledStatement accountAllow;

  private PolicyEvaluation(
      CompiledStatement deny, CompiledStatement directAllow, CompiledStatement accountAllow) {
    this.deny = deny;
    this.directAllow = directAllow;
    this.accountAllow = accountAllow;
  }

  static PolicyEvaluation of(CompiledPolicy policy, RequestContext request) {
    CompiledStatement direct = null;
    CompiledStatement account = null;
    for (CompiledStatement s : policy.statements()) {
      if (s.allow() && direct != null) {
        continue;
      }
      PrincipalMatcher.Match who = s.principalMatch(request);
      if (who == PrincipalMatcher.Match.NONE || !s.applies(request)) {
        continue;
      }
      if (!s.allow()) {
        // An explicit Deny decides, whatever else applies.
        return new PolicyEvaluation(s, direct, account);
      } else if (who == PrincipalMatcher.Match.DIRECT) {
        direct = s;
      } else if (account == null) {
        account = s;
      }
    }
    return new PolicyEvaluation(null, direct, account);
  }

  /** The label of the Deny statement that applies. */
  public Optional<String> deny() {
    return Optional.ofNullable(deny).map(CompiledStatement::label);
  }

  /** The label of an Allow statement naming the caller (or everyone). */
  public Optional<String> directAllow() {
    return Optional.ofNullable(directAllow).map(CompiledStatement::label);
  }

  /** The label of an Allow statement naming only the caller's account. */
  public Optional<String> accountAllow() {
    return Optional.ofNullable(accountAllow).map(CompiledStatement::label);
  }

  /** Any Allow, however the principal was named. */
  public Optional<String> anyAllow() {
    return directAllow().or(this::accountAllow);
  }
}
