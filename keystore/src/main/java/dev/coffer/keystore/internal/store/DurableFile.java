package dev.coffer.keystore.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash at any point leaves either the old or the new content: write a
 * temporary sibling, fsync it, rename it over the target atomically, fsync the directory.
 */
public final class DurableFile {

  /** The steps of a replacement, in order; fault injection names them. */
  public enum Step {
    WRITE_TEMP,
    SYNC_TEMP,
    RENAME,
    SYNC_DIRECTORY
  }

  /** Called before each step; tests throw or stall here to simulate failures and crashes. */
  @FunctionalInterface
  public interface StepHook {
    StepHook NONE = step -> {};

    void before(Step step) throws IOException;
  }

  private DurableFile() {}

  /** The temporary sibling used while replacing {@code target}. */
  public static Path tempFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }

  /** Replaces {@code target}; a caller's interrupt is held off ({@link InterruptProofIo}). */
  public static void replace(Path target, byte[] content, StepHook hook) throws IOException {
    InterruptProofIo.run(() -> replaceOnce(target, content, hook));
  }

  private static void replaceOnce(Path target, byte[] content, StepHook hook) throws IOException {
    Path temp = tempFor(target);
    hook.before(Step.WRITE_TEMP);
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      hook.before(Step.SYNC_TEMP);
      ch.force(true);
    }
    hook.before(Step.RENAME);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    hook.before(Step.SYNC_DIRECTORY);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes a rename or creation in {@code dir} durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try {
      InterruptProofIo.run(
          () -> {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
              ch.force(true);
            }
          });
    } catch (IOException e) {
      // Some platforms cannot open directories; there the rename itself is the best available.
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return;
      }
      throw e;
    }
  }
}
