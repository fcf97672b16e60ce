package dev.coffer.keystore.internal.model;

import dev.coffer.keystore.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The whole keystore at one generation: immutable. A change builds a new snapshot that shares the
 * unchanged keys (and their cached primitives) with this one.
 */
public final class KeystoreSnapshot {
  private final long generation;
  private final Map<UUID, MasterKey> keys;
  private final Map<String, Alias> aliases;
  private final Map<Principal, Map<String, IdentityPolicy>> identityPolicies;
  private final AuditState auditState;

  public KeystoreSnapshot(
      long generation,
      Map<UUID, MasterKey> keys,
      Map<String, Alias> aliases,
      Map<Principal, Map<String, IdentityPolicy>> identityPolicies) {
    this(generation, keys, aliases, identityPolicies, Optional.empty());
  }

  public KeystoreSnapshot(
      long generation,
      Map<UUID, MasterKey> keys,
      Map<String, Alias> aliases,
      Map<Principal, Map<String, IdentityPolicy>> identityPolicies,
      Optional<AuditState> auditState) {
    this.generation = generation;
    this.auditState = auditState.orElse(null);
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    Map<Principal, Map<String, IdentityPolicy>> byPrincipal = new LinkedHashMap<>();
    identityPolicies.forEach(
        (p, named) -> {
          if (!named.isEmpty()) {
            byPrincipal.put(p, Collections.unmodifiableMap(new TreeMap<>(named)));
          }
        });
    this.identityPolicies = Collections.unmodifiableMap(byPrincipal);
  }

  public static KeystoreSnapshot empty() {
    return new KeystoreSnapshot(0, Map.of(), Map.of(), Map.of());
  }

  public long generation() {
    return generation;
  }

  /** Keys in creation order. */
  public Map<UUID, MasterKey> keys() {
    return keys;
  }

  /** Aliases by name, sorted. */
  public Map<String, Alias> aliases() {
    return aliases;
  }

  /** Identity policies by principal, then by name. */
  public Map<Principal, Map<String, IdentityPolicy>> identityPolicies() {
    return identityPolicies;
  }

  /** The identity policies of one principal, by name. */
  public Map<String, IdentityPolicy> identityPolicies(Principal principal) {
    return identityPolicies.getOrDefault(principal, Map.of());
  }

  public KeystoreSnapshot withIdentityPolicy(IdentityPolicy policy) {
    Map<Principal, Map<String, IdentityPolicy>> copy = new LinkedHashMap<>(identityPolicies);
    Map<String, IdentityPolicy> named = new TreeMap<>(identityPolicies(policy.principal()));
    named.put(policy.name(), policy);
    copy.put(policy.principal(), named);
    return new KeystoreSnapshot(generation, keys, aliases, copy, auditState());
  }

  public KeystoreSnapshot withoutIdentityPolicy(Principal principal, String name) {
    Map<Principal, Map<String, IdentityPolicy>> copy = new LinkedHashMap<>(identityPolicies);
    Map<String, IdentityPolicy> named = new TreeMap<>(identityPolicies(principal));
    named.remove(name);
    copy.put(principal, named);
    return new KeystoreSnapshot(generation, keys, aliases, copy, auditState());
  }

  /** The audit log's keys and anchored head; empty until a log is first opened. */
  public Optional<AuditState> auditState() {
    return Optional.ofNullable(auditState);
  }

  public KeystoreSnapshot withAuditState(AuditState state) {
    return new KeystoreSnapshot(generation, keys, aliases, identityPolicies, Optional.of(state));
  }

  public Optional<MasterKey> key(UUID id) {
    return Optional.ofNullable(keys.get(id));
  }

  public Optional<Alias> alias(String name) {
    return Optional.ofNullable(aliases.get(name));
  }

  public KeystoreSnapshot withGeneration(long newGeneration) {
    return new KeystoreSnapshot(newGeneration, keys, aliases, identityPolicies, auditState());
  }

  public KeystoreSnapshot withKey(MasterKey key) {
    LinkedHashMap<UUID, MasterKey> copy = new LinkedHashMap<>(keys);
    copy.put(key.id(), key);
    return new KeystoreSnapshot(generation, copy, aliases, identityPolicies, auditState());
  }

  public KeystoreSnapshot withAlias(Alias alias) {
    TreeMap<String, Alias> copy = new TreeMap<>(aliases);
    copy.put(alias.name(), alias);
    return new KeystoreSnapshot(generation, keys, copy, identityPolicies, auditState());
  }

  public KeystoreSnapshot withoutAlias(String name) {
    TreeMap<String, Alias> copy = new TreeMap<>(aliases);
    copy.remove(name);
    return new KeystoreSnapshot(generation, keys, copy, identityPolicies, auditState());
  }
}
