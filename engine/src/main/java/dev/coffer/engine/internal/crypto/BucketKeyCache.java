package dev.coffer.engine.internal.crypto;

import dev.coffer.keystore.KeyState;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Unwrapped bucket keys, held only in memory: one per (bucket, master key, principal) for puts, as
 * S3 Bucket Keys, and one per (bucket key, principal) for gets, so that each principal's first use
 * passes the key layer. An entry is replaced when its lifetime or use count runs out, and at once
 * when the master key rotates, stops being enabled, or any key policy, grant or identity policy
 * changes (the keystore's access revision). Evicted entries are zeroed; so is everything on close.
 */
public final class BucketKeyCache implements AutoCloseable {
  private record PutSlot(String bucket, String keyArn, Principal principal) {}

  private record GetSlot(String bucketKeyId, Principal principal) {}

  /** One unwrapped bucket key. */
  public static final class Entry {
    private final byte[] id;
    private final String keyArn;
    private final int keyVersion;
    private final long accessRevision;
    private final Instant created;
    private final AtomicLong uses = new AtomicLong();
    private final byte[] key;
    private boolean destroyed;

    /** Takes ownership of {@code key}. */
    public Entry(
        byte[] id,
        String keyArn,
        int keyVersion,
        long accessRevision,
        Instant created,
        byte[] key) {
      this.id = id.clone();
      this.keyArn = keyArn;
      this.keyVersion = keyVersion;
      this.accessRevision = accessRevision;
      this.created = created;
      this.key = key;
    }

    public byte[] id() {
      return id.clone();
    }

    public String keyArn() {
      return keyArn;
    }

    public int keyVersion() {
      return keyVersion;
    }

    /**
     * The data key of one object: HKDF-SHA256 of the bucket key with the object's salt and its
     * associated data as info. Empty if the entry was evicted meanwhile (derive again from a new
     * one).
     */
    synchronized Optional<byte[]> derive(byte[] salt, byte[] info) {
      if (destroyed) {
        return Optional.empty();
      }
      return Optional.of(Hkdf256.derive(key, salt, info));
    }

    synchronized void destroy() {
      Arrays.fill(key, (byte) 0);
      destroyed = true;
    }

    @Override
    public String toString() {
      return "BucketKey[" + HexFormat.of().formatHex(id) + ", " + keyArn + " v" + keyVersion + "]";
    }
  }

  private final ConcurrentHashMap<PutSlot, Entry> forPuts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<GetSlot, Entry> forGets = new ConcurrentHashMap<>();
  private final Keystore keystore;
  private final Clock clock;
  private final Duration lifetime;
  private final long maxUses;

  public BucketKeyCache(Keystore keystore, Clock clock, Duration lifetime, long maxUses) {
    this.keystore = keystore;
    this.clock = clock;
    this.lifetime = lifetime;
    this.maxUses = maxUses;
  }

  /** The current bucket key for puts, making one with {@code create} when there is none. */
  public Entry forPut(String bucket, String keyArn, Principal principal, Supplier<Entry> create) {
    PutSlot slot = new PutSlot(bucket, keyArn, principal);
    while (true) {
      Entry e = forPuts.get(slot);
      if (e != null && usable(e, true) && e.uses.incrementAndGet() <= maxUses) {
        return e;
      }
      if (e != null) {
        evict(forPuts, slot, e);
        continue;
      }
      Entry made = create.get();
      if (forPuts.putIfAbsent(slot, made) == null) {
        made.uses.incrementAndGet();
        return made;
      }
      made.destroy();
    }
  }

  /** The bucket key {@code id} unwrapped for {@code principal}, loading it when needed. */
  public Entry forGet(byte[] id, Principal principal, Supplier<Entry> load) {
    GetSlot slot = new GetSlot(HexFormat.of().formatHex(id), principal);
    Entry e = forGets.get(slot);
    if (e != null && usable(e, false)) {
      return e;
    }
    if (e != null) {
      evict(forGets, slot, e);
    }
    Entry loaded = load.get();
    Entry raced = forGets.putIfAbsent(slot, loaded);
    if (raced != null) {
      loaded.destroy();
      return raced;
    }
    return loaded;
  }

  /**
   * Derives an object's data key from an entry; null when the entry was evicted concurrently, in
   * which case the caller asks the cache again.
   */
  public static byte[] derive(Entry entry, byte[] salt, byte[] info) {
    return entry.derive(salt, info).orElse(null);
  }

  private boolean usable(Entry e, boolean forPut) {
    Optional<KeyStatus> status = keystore.keyStatus(e.keyArn);
    return status.isPresent()
        && status.get().state() == KeyState.ENABLED
        && status.get().accessRevision() == e.accessRevision
        && (!forPut || status.get().primaryVersion() == e.keyVersion)
        && clock.instant().isBefore(e.created.plus(lifetime));
  }

  private static <K> void evict(ConcurrentHashMap<K, Entry> map, K slot, Entry e) {
    if (map.remove(slot, e)) {
      e.destroy();
    }
  }

  /** Drops (and zeroes) every reader's copy of bucket key {@code id}: it moved to another key. */
  public void forget(byte[] id) {
    String hex = HexFormat.of().formatHex(id);
    forGets.forEach(
        (slot, e) -> {
          if (slot.bucketKeyId().equals(hex)) {
            evict(forGets, slot, e);
          }
        });
  }

  /** How many bucket keys are held unwrapped now. */
  public int size() {
    return forPuts.size() + forGets.size();
  }

  @Override
  public void close() {
    forPuts.values().forEach(Entry::destroy);
    forGets.values().forEach(Entry::destroy);
    forPuts.clear();
    forGets.clear();
  }
}
