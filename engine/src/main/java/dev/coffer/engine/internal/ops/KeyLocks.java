package dev.coffer.engine.internal.ops;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over object rows. Writers of one key take its lock around "read the previous
 * version, commit the new one", so two concurrent puts of a key cannot both keep the segments of
 * the version they replace (which would leak them).
 */
public final class KeyLocks {
  private static final int STRIPES = 256;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  public KeyLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  public void withLock(byte[] row, Runnable action) {
    ReentrantLock lock = stripes[stripe(row)];
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code action} holding the locks of all {@code rows}, so that one batch can commit several
   * rows' changes. Stripes are taken in index order: two callers of this method cannot deadlock,
   * and callers of {@link #withLock} hold one stripe only.
   */
  public void withLocks(Collection<byte[]> rows, Runnable action) {
    int[] taken = rows.stream().mapToInt(KeyLocks::stripe).sorted().distinct().toArray();
    int held = 0;
    try {
      for (int s : taken) {
        stripes[s].lock();
        held++;
      }
      action.run();
    } finally {
      for (int i = held - 1; i >= 0; i--) {
        stripes[taken[i]].unlock();
      }
    }
  }

  private static int stripe(byte[] row) {
    return (Arrays.hashCode(row) & 0x7fffffff) % STRIPES;
  }
}
