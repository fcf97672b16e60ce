package dev.coffer.engine.internal.ops;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over object rows. Writers of one key take its lock around "read the previous
 * version, commit the new one", so two concurrent puts of a key cannot both keep the segments of
 * the version they replace (which would leak them).
 */
public final class KeyLocks {
  private final ReentrantLock[] stripes = new ReentrantLock[256];

  public KeyLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  public void withLock(byte[] row, Runnable action) {
    ReentrantLock lock = stripes[(Arrays.hashCode(row) & 0x7fffffff) % stripes.length];
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }
}
