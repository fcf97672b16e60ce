package dev.coffer.keystore.internal.store;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a {@code LOCK} file, so that a second process (or a second open in this
 * one) gets a clear error instead of two writers corrupting each other. Released on close, and by
 * the OS if the process dies.
 */
public final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static DirectoryLock acquire(Path directory, String what) {
    Path file = directory.resolve("LOCK");
    try {
      DirectoryLock held = InterruptProofIo.call(() -> tryAcquire(file));
      if (held == null) {
        throw locked(directory, what);
      }
      return held;
    } catch (OverlappingFileLockException e) {
      throw locked(directory, what);
    } catch (IOException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot lock " + what + " " + directory, e);
    }
  }

  /** The lock, or null when another holder has it. */
  private static DirectoryLock tryAcquire(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return null;
      }
      return new DirectoryLock(ch, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static KeystoreUnavailableException locked(Path directory, String what) {
    return new KeystoreUnavailableException(
        ErrorCode.KEYSTORE_LOCKED,
        what + " " + directory + " is in use by another process (or already open in this one)");
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Already failing; the original error is the one to report.
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
