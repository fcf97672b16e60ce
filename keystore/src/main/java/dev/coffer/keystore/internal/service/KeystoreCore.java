package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AuditSink;
import dev.coffer.keystore.Authorizer;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ThrottleLimits;
import dev.coffer.keystore.internal.model.Alias;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import dev.coffer.keystore.internal.model.MasterKey;
import dev.coffer.keystore.internal.store.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** What every operation shares: state, names, time, authorization, audit, quotas and counters. */
final class KeystoreCore {
  /** The principal of events the keystore causes itself (scheduled rotation and deletion). */
  static final Caller SYSTEM = Caller.of(Principal.of("coffer:keystore"));

  final StateStore store;
  final ResourceNames names;
  final Clock clock;

  /** The key-policy, grant and identity-policy evaluator; also used for the lockout check. */
  final PolicyAuthorizer policies;

  /** What authorizes calls: {@link #policies} unless the embedder supplied its own. */
  final Authorizer authorizer;

  final AuditSink audit;
  final RequestThrottle throttle;
  final UsageCounters counters;
  final Maintenance maintenance;

  /** Bumped by every change to key policies, grants or identity policies (caches watch it). */
  final java.util.concurrent.atomic.AtomicLong accessRevision =
      new java.util.concurrent.atomic.AtomicLong();

  KeystoreCore(
      StateStore store,
      ResourceNames names,
      Clock clock,
      Optional<Authorizer> authorizer,
      Set<Principal> administrators,
      AuditSink audit,
      Optional<ThrottleLimits> perKey,
      Optional<ThrottleLimits> overall,
      long usageRotationThreshold,
      long reservationBlock) {
    this.store = store;
    this.names = names;
    this.clock = clock;
    this.policies = new PolicyAuthorizer(store, names, clock, administrators);
    this.authorizer = authorizer.orElse(policies);
    this.audit = audit;
    this.throttle = new RequestThrottle(perKey, overall, clock, names);
    this.counters = new UsageCounters(store, reservationBlock, usageRotationThreshold);
    this.maintenance = new Maintenance(this);
  }

  /** Now, at the millisecond precision the keystore file stores. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Finds the key a caller named, after applying any rotation or deletion that has fallen due.
   *
   * @throws NotFoundException if no such key or alias exists
   */
  MasterKey resolve(String ref) {
    ResourceNames.KeyRef parsed = names.parse(ref);
    KeystoreSnapshot snapshot = store.current();
    UUID id =
        parsed
            .keyId()
            .orElseGet(
                () ->
                    snapshot
                        .alias(parsed.aliasName().orElseThrow())
                        .map(Alias::targetKeyId)
                        .orElseThrow(
                            () -> new NotFoundException("alias " + ref + " does not exist")));
    MasterKey key =
        snapshot
            .key(id)
            .orElseThrow(
                () -> new NotFoundException("key " + names.keyArn(id) + " does not exist"));
    return maintenance.applyDue(key);
  }

  /** The key with this id, if it exists, after due maintenance. */
  Optional<MasterKey> find(UUID id) {
    return store.current().key(id).map(maintenance::applyDue);
  }

  /**
   * Applies {@code change} to the stored key under the store's write lock, so it sees the latest
   * version of the key, and returns the committed result.
   */
  MasterKey updateKey(UUID id, UnaryOperator<MasterKey> change) {
    KeystoreSnapshot after =
        store.update(
            s -> {
              MasterKey current =
                  s.key(id).orElseThrow(() -> new NotFoundException(names.keyArn(id)));
              MasterKey changed = change.apply(current);
              return changed == current ? s : s.withKey(changed);
            });
    return after.key(id).orElseThrow();
  }

  String arn(MasterKey key) {
    return names.keyArn(key.id());
  }
}
