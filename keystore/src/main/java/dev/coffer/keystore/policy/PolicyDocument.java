package dev.coffer.keystore.policy;

import dev.coffer.keystore.internal.policy.CompiledPolicy;
import dev.coffer.keystore.internal.policy.PolicyParser;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM JSON policy document, validated and compiled once when parsed. Supports Version 2012-10-17
 * and 2008-10-17; Statement as an object or a list; Sid, Effect, Principal and NotPrincipal ({@code
 * "*"}, {@code {"AWS": ...}}, {@code {"Service": ...}}), Action and NotAction and Resource and
 * NotResource with {@code *}/{@code ?} wildcards, and Condition with the String, Numeric, Date,
 * Bool, Binary, IpAddress, Arn and Null operators, {@code IfExists}, {@code ForAnyValue:} and
 * {@code ForAllValues:}. Policy variables such as {@code ${aws:username}} work in Resource and
 * condition values of 2012-10-17 documents.
 *
 * <p>Immutable and thread-safe; evaluate it with {@link PolicyDecider}.
 */
public final class PolicyDocument {
  private final CompiledPolicy compiled;

  private PolicyDocument(CompiledPolicy compiled) {
    this.compiled = compiled;
  }

  /**
   * Parses and validates a document.
   *
   * @throws MalformedPolicyException naming the statement and field at fault
   */
  public static PolicyDocument parse(String json, PolicyKind kind) {
    Objects.requireNonNull(kind, "kind");
    return new PolicyDocument(PolicyParser.parse(json, kind));
  }

  public PolicyKind kind() {
    return compiled.kind();
  }

  public String version() {
    return compiled.version();
  }

  public Optional<String> id() {
    return compiled.id();
  }

  /** The document exactly as given. */
  public String json() {
    return compiled.json();
  }

  /** The document re-written in a normalized form with the same meaning. */
  public String canonicalJson() {
    return compiled.canonicalJson();
  }

  public int statementCount() {
    return compiled.statementCount();
  }

  /** Whether an Allow statement names this account's root, delegating to identity policies. */
  public boolean allowsAccountRoot(String account) {
    return compiled.allowsAccountRoot(account);
  }

  CompiledPolicy compiled() {
    return compiled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyDocument d
        && d.kind() == kind()
        && d.canonicalJson().equals(canonicalJson());
  }

  @Override
  public int hashCode() {
    return canonicalJson().hashCode();
  }

  @Override
  public String toString() {
    return json();
  }
}
