package dev.coffer.cli;

import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An archive being read by a command: its header is read before the keystore is opened, and the
 * keystore is closed again once the archive's key is open, before any data streams. So in {@code
 * coffer archive create -o - … | coffer archive extract -}, each side holds the keystore's lock
 * only briefly, one after the other.
 */
final class ArchiveSource implements AutoCloseable {
  private final ArchiveKey key;
  private final ArchiveReader reader;

  private ArchiveSource(ArchiveKey key, ArchiveReader reader) {
    this.key = key;
    this.reader = reader;
  }

  /** The archive's size in bytes, or -1 for standard input. */
  static long size(String file) {
    if (Inputs.STDIN.equals(file)) {
      return -1;
    }
    try {
      return Files.size(Path.of(file));
    } catch (IOException e) {
      return -1;
    }
  }

  static ArchiveSource open(
      Invocation invocation,
      String file,
      ArchiveReadOptions options,
      KeystoreLocation keystoreLocation,
      Progress progress)
      throws IOException {
    invocation.checkRemoteOptions(keystoreLocation.directory);
    InputStream in = progress.monitor(Inputs.openStream(invocation, file, "the archive"));
    try {
      ArchiveHeader header = ArchiveHeader.read(in);
      ArchiveKey key;
      try (Session keys = invocation.openKeys(keystoreLocation.directory)) {
        key = ArchiveKey.open(keys.keys(), header, options.openOptions());
      }
      return new ArchiveSource(key, ArchiveReader.open(in, key));
    } catch (IOException | RuntimeException e) {
      closeQuietly(in, e);
      throw e;
    }
  }

  ArchiveKey key() {
    return key;
  }

  ArchiveReader reader() {
    return reader;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static void closeQuietly(InputStream in, Exception failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(new UncheckedIOException(e));
    }
  }
}
