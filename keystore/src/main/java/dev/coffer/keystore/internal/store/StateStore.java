package dev.coffer.keystore.internal.store;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.internal.crypto.RootKey;
import dev.coffer.keystore.internal.crypto.RootKeySource;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The durable keystore state. Readers take the current snapshot without locking; writers are
 * serialized, and a change is visible only after it is on disk (new file, fsync, rename, directory
 * fsync). Each committed change has a generation one above every generation written before, even a
 * write that failed half-way, so two different states never share a generation.
 */
public final class StateStore implements AutoCloseable {
  public static final String FILE_NAME = "keystore.bin";

  private final Path file;
  private final DirectoryLock lock;
  private final RootKey rootKey;
  private final DurableFile.StepHook hook;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile Runnable commitGuard = () -> {};
  private volatile KeystoreSnapshot current;
  private long highestAttempted;
  private volatile boolean closed;

  private StateStore(
      Path file,
      DirectoryLock lock,
      RootKey rootKey,
      KeystoreSnapshot current,
      DurableFile.StepHook hook) {
    this.file = file;
    this.lock = lock;
    this.rootKey = rootKey;
    this.current = current;
    this.highestAttempted = current.generation();
    this.hook = hook;
  }

  /**
   * Opens (or creates) the keystore in {@code directory}.
   *
   * @param minimumGeneration refuse a keystore older than this (rollback defence)
   */
  public static StateStore open(
      Path directory,
      RootKeySource source,
      boolean createIfMissing,
      long minimumGeneration,
      DurableFile.StepHook hook) {
    try {
      if (createIfMissing) {
        PrivateDirectories.create(directory);
      } else if (!Files.isDirectory(directory)) {
        throw new NotFoundException("no keystore at " + directory + " (run coffer init)");
      }
    } catch (IOException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot create keystore directory " + directory, e);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory, "keystore");
    try {
      Path file = directory.resolve(FILE_NAME);
      Files.deleteIfExists(DurableFile.tempFor(file));
      byte[] bytes = readIfExists(file);
      if (bytes == null) {
        if (!createIfMissing) {
          throw new NotFoundException("no keystore at " + directory + " (run coffer init)");
        }
        RootKey rootKey = source.create();
        StateStore store = new StateStore(file, lock, rootKey, KeystoreSnapshot.empty(), hook);
        store.update(s -> s);
        return store;
      }
      KeystoreFile.Unsealed unsealed = KeystoreFile.parse(bytes);
      long generation = unsealed.header().getGeneration();
      if (generation < minimumGeneration) {
        throw new KeystoreUnavailableException(
            ErrorCode.ROLLBACK_DETECTED,
            "keystore generation "
                + generation
                + " is older than generation "
                + minimumGeneration
                + " already seen: this is an old copy");
      }
      RootKey rootKey = source.open(unsealed.header().getRootKey());
      try {
        KeystoreSnapshot snapshot = KeystoreFile.unseal(unsealed, rootKey, source);
        return new StateStore(file, lock, rootKey, snapshot, hook);
      } catch (RuntimeException e) {
        rootKey.close();
        throw e;
      }
    } catch (IOException e) {
      closeQuietly(lock);
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot read keystore in " + directory, e);
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  public KeystoreSnapshot current() {
    return current;
  }

  /**
   * Throws if the keystore has been closed: every operation checks first, so that a closed keystore
   * answers nothing, not only refuses changes.
   */
  public void ensureOpen() {
    if (closed) {
      throw new KeystoreUnavailableException(ErrorCode.STORAGE_FAILURE, "keystore is closed");
    }
  }

  public long generation() {
    return current.generation();
  }

  /**
   * Applies {@code change} to the current snapshot and commits the result. If the change returns
   * the same instance, nothing is written, except when the keystore is new (generation 0).
   *
   * @return the committed snapshot
   * @throws KeystoreUnavailableException if the write fails; the in-memory state is then the old
   *     one, and the disk holds the old or the new one
   */
  public KeystoreSnapshot update(UnaryOperator<KeystoreSnapshot> change) {
    return update(change, true);
  }

  /**
   * Like {@link #update}, without the commit guard: for the keystore's own bookkeeping (such as the
   * audit log's anchored head), which no audit record describes.
   */
  public KeystoreSnapshot updateBookkeeping(UnaryOperator<KeystoreSnapshot> change) {
    return update(change, false);
  }

  /**
   * Runs before every guarded commit, under the write lock; if it throws, nothing is written. The
   * audit log uses it to refuse a change whose record it could not write, before the change is made
   * rather than after.
   */
  public void commitGuard(Runnable guard) {
    this.commitGuard = guard;
  }

  private KeystoreSnapshot update(UnaryOperator<KeystoreSnapshot> change, boolean guarded) {
    writeLock.lock();
    try {
      if (closed) {
        throw new KeystoreUnavailableException(ErrorCode.STORAGE_FAILURE, "keystore is closed");
      }
      KeystoreSnapshot before = current;
      KeystoreSnapshot after = change.apply(before);
      if (after == before && before.generation() > 0) {
        return before;
      }
      if (guarded) {
        commitGuard.run();
      }
      long generation = highestAttempted + 1;
      highestAttempted = generation;
      KeystoreSnapshot next = after.withGeneration(generation);
      try {
        DurableFile.replace(file, KeystoreFile.encode(next, rootKey), hook);
      } catch (IOException e) {
        throw new KeystoreUnavailableException(
            ErrorCode.STORAGE_FAILURE, "cannot write keystore " + file, e);
      }
      current = next;
      return next;
    } finally {
      writeLock.unlock();
    }
  }

  private static byte[] readIfExists(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void closeQuietly(DirectoryLock lock) {
    try {
      lock.close();
    } catch (IOException ignored) {
      // Reporting the error that made us give up matters more.
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      rootKey.close();
      closeQuietly(lock);
    } finally {
      writeLock.unlock();
    }
  }
}
