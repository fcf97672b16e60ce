package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.subtle.Random;
import dev.coffer.format.v1.KeyFileBinding;
import dev.coffer.format.v1.RootKeyBinding;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.internal.store.DurableFile;
import dev.coffer.keystore.internal.store.InterruptProofIo;
import dev.coffer.keystore.internal.store.PrivateDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Root key in a file of 32 random bytes, created on first use with owner-only permissions. Like ssh
 * with private keys, it refuses a file that group or others can read.
 */
public final class KeyFileRootKeySource implements RootKeySource {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path file;

  public KeyFileRootKeySource(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public String description() {
    return "root key file " + file;
  }

  @Override
  public RootKey create() {
    if (!Files.exists(file)) {
      writeNewKeyFile();
    }
    return new RootKey(read(), binding());
  }

  @Override
  public RootKey open(RootKeyBinding binding) {
    if (binding.getKindCase() != RootKeyBinding.KindCase.KEY_FILE) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY,
          "this keystore is sealed with " + RootKeySource.kindOf(binding) + ", not a key file");
    }
    return new RootKey(read(), binding);
  }

  private static RootKeyBinding binding() {
    return RootKeyBinding.newBuilder().setKeyFile(KeyFileBinding.getDefaultInstance()).build();
  }

  /**
   * Writes the key into a sibling first and links it into place only once it is whole and synced: a
   * crash or an interrupt midway leaves no root key file at all (the next open creates one), not a
   * short one that every later open would refuse.
   */
  private void writeNewKeyFile() {
    byte[] key = Random.randBytes(RootKey.LENGTH);
    Path temp = DurableFile.tempFor(file);
    try {
      PrivateDirectories.create(file.getParent());
      InterruptProofIo.run(() -> writeSynced(temp, key));
      try {
        // A link, not a rename: it fails, rather than replaces, if another process got there first.
        Files.createLink(file, temp);
      } catch (UnsupportedOperationException e) {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.deleteIfExists(temp);
      DurableFile.syncDirectory(file.getParent());
    } catch (FileAlreadyExistsException e) {
      // Another process created it first; read that one.
      deleteQuietly(temp);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot create root key file " + file, e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private void writeSynced(Path temp, byte[] key) throws IOException {
    // A leftover of an earlier attempt may have other permissions: start from a new file.
    Files.deleteIfExists(temp);
    FileAttribute<?>[] attrs =
        posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    try (FileChannel ch =
        FileChannel.open(
            temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
      ByteBuffer buf = ByteBuffer.wrap(key);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // The next creation deletes it; the error above is the one that matters.
    }
  }

  private byte[] read() {
    try {
      if (posix()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new KeystoreUnavailableException(
              ErrorCode.WRONG_ROOT_KEY,
              "root key file "
                  + file
                  + " is accessible to group or others ("
                  + PosixFilePermissions.toString(perms)
                  + "); make it owner-only (chmod 600)");
        }
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length != RootKey.LENGTH) {
        Arrays.fill(key, (byte) 0);
        throw new KeystoreUnavailableException(
            ErrorCode.WRONG_ROOT_KEY, "root key file " + file + " is not a Coffer root key");
      }
      return key;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY, "root key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.STORAGE_FAILURE, "cannot read root key file " + file, e);
    }
  }

  private boolean posix() {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
