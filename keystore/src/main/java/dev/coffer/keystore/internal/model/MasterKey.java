package dev.coffer.keystore.internal.model;

import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import dev.coffer.keystore.internal.crypto.KeyMaterial;
import dev.coffer.keystore.policy.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A master key as stored: metadata, versions and material. Immutable; every change returns a new
 * instance. The rules of which changes are legal live in {@code KeyLifecycle}; this class only
 * applies them consistently (for example, destroying a key erases every version's material).
 */
public final class MasterKey {
  private final UUID id;
  private final String description;
  private final Principal creator;
  private final Instant created;
  private final KeyState state;
  private final Instant stateChanged;
  private final Instant deletionDate;
  private final int pendingWindowDays;
  private final Instant destroyedDate;
  private final Map<String, String> tags;
  private final List<KeyVersion> versions;
  private final int primaryVersion;
  private final int minDecryptionVersion;
  private final boolean rotationEnabled;
  private final int rotationPeriodDays;
  private final Instant nextRotation;
  private final KeyMaterial material;
  private final PolicyDocument keyPolicy;
  private final List<Grant> grants;

  private MasterKey(Copy c) {
    this.id = Objects.requireNonNull(c.id);
    this.description = Objects.requireNonNull(c.description);
    this.creator = Objects.requireNonNull(c.creator);
    this.created = Objects.requireNonNull(c.created);
    this.state = Objects.requireNonNull(c.state);
    this.stateChanged = Objects.requireNonNull(c.stateChanged);
    this.deletionDate = c.deletionDate;
    this.pendingWindowDays = c.pendingWindowDays;
    this.destroyedDate = c.destroyedDate;
    this.tags = Map.copyOf(c.tags);
    this.versions = List.copyOf(c.versions);
    this.primaryVersion = c.primaryVersion;
    this.minDecryptionVersion = c.minDecryptionVersion;
    this.rotationEnabled = c.rotationEnabled;
    this.rotationPeriodDays = c.rotationPeriodDays;
    this.nextRotation = c.nextRotation;
    this.material = c.material;
    this.keyPolicy = c.keyPolicy;
    this.grants = List.copyOf(c.grants);
    if (state != KeyState.DESTROYED && material == null) {
      throw new IllegalArgumentException("only a destroyed key has no material");
    }
  }

  /** A new enabled key with one version; a null policy means the default key policy. */
  public static MasterKey create(
      UUID id,
      String description,
      Principal creator,
      Map<String, String> tags,
      Instant now,
      KeyMaterial material,
      PolicyDocument keyPolicy) {
    Copy c = new Copy();
    c.keyPolicy = keyPolicy;
    c.id = id;
    c.description = description;
    c.creator = creator;
    c.created = now;
    c.state = KeyState.ENABLED;
    c.stateChanged = now;
    c.tags = tags;
    c.versions =
        List.of(
            new KeyVersion(
                1,
                material.newestTinkKeyId(),
                now,
                VersionOrigin.CREATE_KEY,
                VersionState.ACTIVE,
                0,
                null));
    c.primaryVersion = 1;
    c.minDecryptionVersion = 1;
    c.material = material;
    return new MasterKey(c);
  }

  /** Rebuilds a key read from storage; the codec has validated the fields. */
  public static MasterKey restore(Copy fields) {
    return new MasterKey(fields);
  }

  public UUID id() {
    return id;
  }

  public String description() {
    return description;
  }

  public Principal creator() {
    return creator;
  }

  public Instant created() {
    return created;
  }

  public KeyState state() {
    return state;
  }

  public Instant stateChanged() {
    return stateChanged;
  }

  public Optional<Instant> deletionDate() {
    return Optional.ofNullable(deletionDate);
  }

  public int pendingWindowDays() {
    return pendingWindowDays;
  }

  public Optional<Instant> destroyedDate() {
    return Optional.ofNullable(destroyedDate);
  }

  public Map<String, String> tags() {
    return tags;
  }

  public List<KeyVersion> versions() {
    return versions;
  }

  public int primaryVersionNumber() {
    return primaryVersion;
  }

  public KeyVersion primaryVersion() {
    return versions.get(primaryVersion - 1);
  }

  public Optional<KeyVersion> version(int number) {
    return number >= 1 && number <= versions.size()
        ? Optional.of(versions.get(number - 1))
        : Optional.empty();
  }

  public int minDecryptionVersion() {
    return minDecryptionVersion;
  }

  public boolean rotationEnabled() {
    return rotationEnabled;
  }

  public int rotationPeriodDays() {
    return rotationPeriodDays;
  }

  public Optional<Instant> nextRotation() {
    return Optional.ofNullable(nextRotation);
  }

  /** The key's material; empty once destroyed. */
  public Optional<KeyMaterial> material() {
    return Optional.ofNullable(material);
  }

  /** The key policy; empty means the default key policy of the keystore's account. */
  public Optional<PolicyDocument> keyPolicy() {
    return Optional.ofNullable(keyPolicy);
  }

  public List<Grant> grants() {
    return grants;
  }

  public MasterKey withKeyPolicy(PolicyDocument policy) {
    Copy c = toCopy();
    c.keyPolicy = policy;
    return new MasterKey(c);
  }

  public MasterKey withDescription(String newDescription) {
    Copy c = toCopy();
    c.description = newDescription;
    return new MasterKey(c);
  }

  public MasterKey withTags(Map<String, String> newTags) {
    Copy c = toCopy();
    c.tags = newTags;
    return new MasterKey(c);
  }

  public MasterKey withGrants(List<Grant> newGrants) {
    Copy c = toCopy();
    c.grants = new ArrayList<>(newGrants);
    return new MasterKey(c);
  }

  public Copy toCopy() {
    Copy c = new Copy();
    c.id = id;
    c.description = description;
    c.creator = creator;
    c.created = created;
    c.state = state;
    c.stateChanged = stateChanged;
    c.deletionDate = deletionDate;
    c.pendingWindowDays = pendingWindowDays;
    c.destroyedDate = destroyedDate;
    c.tags = tags;
    c.versions = new ArrayList<>(versions);
    c.primaryVersion = primaryVersion;
    c.minDecryptionVersion = minDecryptionVersion;
    c.rotationEnabled = rotationEnabled;
    c.rotationPeriodDays = rotationPeriodDays;
    c.nextRotation = nextRotation;
    c.material = material;
    c.keyPolicy = keyPolicy;
    c.grants = new ArrayList<>(grants);
    return c;
  }

  public MasterKey withState(KeyState newState, Instant now) {
    Copy c = toCopy();
    c.state = newState;
    c.stateChanged = now;
    if (newState != KeyState.PENDING_DELETION) {
      c.deletionDate = null;
      c.pendingWindowDays = 0;
    }
    return new MasterKey(c);
  }

  public MasterKey pendingDeletion(int windowDays, Instant now) {
    Copy c = toCopy();
    c.state = KeyState.PENDING_DELETION;
    c.stateChanged = now;
    c.pendingWindowDays = windowDays;
    c.deletionDate = now.plus(Duration.ofDays(windowDays));
    return new MasterKey(c);
  }

  /** Erases all material: every version becomes destroyed. Final. */
  public MasterKey destroyed(Instant now) {
    Copy c = toCopy();
    c.state = KeyState.DESTROYED;
    c.stateChanged = now;
    c.destroyedDate = now;
    c.material = null;
    c.grants = new ArrayList<>();
    c.rotationEnabled = false;
    c.nextRotation = null;
    c.versions.replaceAll(
        v -> v.state() == VersionState.DESTROYED ? v : v.withState(VersionState.DESTROYED, now));
    return new MasterKey(c);
  }

  /** Adds a fresh version and makes it primary; the automatic schedule restarts from now. */
  public MasterKey rotated(VersionOrigin origin, Instant now) {
    Copy c = toCopy();
    c.material = material.withNewVersion();
    int number = versions.size() + 1;
    c.versions.add(
        new KeyVersion(
            number, c.material.newestTinkKeyId(), now, origin, VersionState.ACTIVE, 0, null));
    c.primaryVersion = number;
    if (rotationEnabled && origin != VersionOrigin.ON_DEMAND) {
      c.nextRotation = now.plus(Duration.ofDays(rotationPeriodDays));
    }
    return new MasterKey(c);
  }

  public MasterKey withRotationSchedule(boolean enabled, int periodDays, Instant next) {
    Copy c = toCopy();
    c.rotationEnabled = enabled;
    c.rotationPeriodDays = enabled ? periodDays : 0;
    c.nextRotation = enabled ? next : null;
    return new MasterKey(c);
  }

  /**
   * Sets the minimum decryption version; versions below it retire, those at or above reactivate.
   */
  public MasterKey withMinDecryptionVersion(int min, Instant now) {
    Copy c = toCopy();
    c.minDecryptionVersion = min;
    c.versions.replaceAll(
        v -> {
          if (v.state() == VersionState.DESTROYED) {
            return v;
          }
          VersionState target = v.number() < min ? VersionState.RETIRED : VersionState.ACTIVE;
          return v.state() == target ? v : v.withState(target, now);
        });
    return new MasterKey(c);
  }

  /** Erases one version's material. */
  public MasterKey withVersionDestroyed(int number, Instant now) {
    Copy c = toCopy();
    KeyVersion v = versions.get(number - 1);
    c.material = material.without(v.tinkKeyId());
    c.versions.set(number - 1, v.withState(VersionState.DESTROYED, now));
    return new MasterKey(c);
  }

  public MasterKey withReserved(int number, long reserved) {
    Copy c = toCopy();
    c.versions.set(number - 1, versions.get(number - 1).withReserved(reserved));
    return new MasterKey(c);
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + ", " + state + ", v" + primaryVersion + "]";
  }

  /** Mutable bag of fields for building a {@link MasterKey}. */
  public static final class Copy {
    public UUID id;
    public String description = "";
    public Principal creator;
    public Instant created;
    public KeyState state;
    public Instant stateChanged;
    public Instant deletionDate;
    public int pendingWindowDays;
    public Instant destroyedDate;
    public Map<String, String> tags = Map.of();
    public List<KeyVersion> versions = new ArrayList<>();
    public int primaryVersion;
    public int minDecryptionVersion;
    public boolean rotationEnabled;
    public int rotationPeriodDays;
    public Instant nextRotation;
    public KeyMaterial material;
    public PolicyDocument keyPolicy;
    public List<Grant> grants = new ArrayList<>();
  }
}
