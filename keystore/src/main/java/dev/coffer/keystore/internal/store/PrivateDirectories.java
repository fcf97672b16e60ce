package dev.coffer.keystore.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the directories Coffer keeps its data in, owner-only (0700) where the file system has
 * POSIX permissions, as GnuPG and OpenSSH keep theirs. What they hold is sealed, but not all of it
 * is secret-free metadata: the audit log names principals, buckets, object keys and encryption
 * context, which other local users have no business reading. Directories that exist already, and
 * their parents, keep the permissions their owner gave them.
 */
public final class PrivateDirectories {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private PrivateDirectories() {}

  /** Like {@link Files#createDirectories}: each directory it creates is owner-only. */
  public static Path create(Path directory) throws IOException {
    try {
      return Files.createDirectories(directory, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the directory inherits its parent's access list.
      return Files.createDirectories(directory);
    }
  }
}
