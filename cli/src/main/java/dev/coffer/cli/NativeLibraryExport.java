package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.rocksdb.util.Environment;

/**
 * Copies RocksDB's native library for this platform out of the runnable jar into a directory, for
 * the {@code coffer} launcher script to put on {@code java.library.path}.
 *
 * <p>Without it RocksDB unpacks its library (17 MB on Linux x86-64) into a new temporary file on
 * every start of every {@code coffer} command, about a tenth of a second each time. The launcher
 * runs this once after each build of the jar: {@code java -cp coffer.jar
 * dev.coffer.cli.NativeLibraryExport DIR}. It exits 0 having written {@code DIR/<library>}, 3 when
 * the jar holds no library for this platform (RocksDB then unpacks as before), 1 on an I/O error.
 */
public final class NativeLibraryExport {
  static final int NO_LIBRARY_FOR_THIS_PLATFORM = 3;

  private NativeLibraryExport() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: NativeLibraryExport DIRECTORY");
      System.exit(2);
    }
    try {
      Optional<Path> written = export(Path.of(args[0]));
      System.exit(written.isPresent() ? 0 : NO_LIBRARY_FOR_THIS_PLATFORM);
    } catch (IOException e) {
      System.err.println("coffer: could not unpack RocksDB's native library: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Writes this platform's library into {@code directory} under the name RocksDB looks for on
   * {@code java.library.path}; empty when the class path holds none.
   */
  static Optional<Path> export(Path directory) throws IOException {
    String name = Environment.getJniLibraryFileName("rocksdb");
    try (InputStream library = NativeLibraryExport.class.getResourceAsStream("/" + name)) {
      if (library == null) {
        return Optional.empty();
      }
      Files.createDirectories(directory);
      // A launcher loading the library while another one writes it must never see half a file.
      Path partial = Files.createTempFile(directory, name, ".part");
      try {
        Files.copy(library, partial, StandardCopyOption.REPLACE_EXISTING);
        Path target = directory.resolve(name);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(target);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
