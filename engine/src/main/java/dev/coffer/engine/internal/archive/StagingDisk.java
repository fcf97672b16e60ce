package dev.coffer.engine.internal.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file system calls that put staged files in place or clear them away once an extraction ends:
 * a seam for tests of their failures, which a read-only directory cannot cause for root. Production
 * uses {@link #REAL}.
 */
public interface StagingDisk {
  /** Renames a staged file over its target, atomically where the file system can. */
  void move(Path staged, Path target) throws IOException;

  void delete(Path file) throws IOException;

  /** Cuts a file to length 0, without following a symbolic link, so that it holds no data. */
  void empty(Path file) throws IOException;

  StagingDisk REAL =
      new StagingDisk() {
        @Override
        public void move(Path staged, Path target) throws IOException {
          try {
            Files.move(
                staged,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
          } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
            // The JDK's say only the path.
            throw new FileSystemException(
                staged.toString(), target.toString(), "a directory is in its place");
          }
        }

        @Override
        public void delete(Path file) throws IOException {
          Files.deleteIfExists(file);
        }

        @Override
        public void empty(Path file) throws IOException {
          if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link now");
          }
          if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Its mode is the archive's by now, perhaps read-only; as its owner we may change it.
            Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
            mode.addAll(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            mode.add(PosixFilePermission.OWNER_WRITE);
            Files.setPosixFilePermissions(file, mode);
          }
          try (FileChannel channel =
              FileChannel.open(
                  file,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  LinkOption.NOFOLLOW_LINKS)) {
            channel.force(true);
          }
        }
      };
}
