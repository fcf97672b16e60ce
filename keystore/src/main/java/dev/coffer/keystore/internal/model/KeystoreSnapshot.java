package dev.coffer.keystore.internal.model;

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

  public KeystoreSnapshot(long generation, Map<UUID, MasterKey> keys, Map<String, Alias> aliases) {
    this.generation = generation;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
  }

  public static KeystoreSnapshot empty() {
    return new KeystoreSnapshot(0, Map.of(), Map.of());
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

  public Optional<MasterKey> key(UUID id) {
    return Optional.ofNullable(keys.get(id));
  }

  public Optional<Alias> alias(String name) {
    return Optional.ofNullable(aliases.get(name));
  }

  public KeystoreSnapshot withGeneration(long newGeneration) {
    return new KeystoreSnapshot(newGeneration, keys, aliases);
  }

  public KeystoreSnapshot withKey(MasterKey key) {
    LinkedHashMap<UUID, MasterKey> copy = new LinkedHashMap<>(keys);
    copy.put(key.id(), key);
    return new KeystoreSnapshot(generation, copy, aliases);
  }

  public KeystoreSnapshot withAlias(Alias alias) {
    TreeMap<String, Alias> copy = new TreeMap<>(aliases);
    copy.put(alias.name(), alias);
    return new KeystoreSnapshot(generation, keys, copy);
  }

  public KeystoreSnapshot withoutAlias(String name) {
    TreeMap<String, Alias> copy = new TreeMap<>(aliases);
    copy.remove(name);
    return new KeystoreSnapshot(generation, keys, copy);
  }
}
