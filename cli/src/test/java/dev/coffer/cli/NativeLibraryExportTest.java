package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;

class NativeLibraryExportTest {
  @TempDir Path directory;

  @Test
  void export_writesThePlatformsLibrary_underTheNameRocksDbLooksFor_andNoPartialFile()
      throws Exception {
    String name = Environment.getJniLibraryFileName("rocksdb");
    byte[] expected;
    try (InputStream in = NativeLibraryExport.class.getResourceAsStream("/" + name)) {
      assertThat(in).as("rocksdbjni holds a library for the platform the tests run on").isNotNull();
      expected = in.readAllBytes();
    }

    Optional<Path> written = NativeLibraryExport.export(directory.resolve("native"));

    assertThat(written).contains(directory.resolve("native").resolve(name));
    assertThat(Files.readAllBytes(written.orElseThrow())).isEqualTo(expected);
    try (Stream<Path> files = Files.list(directory.resolve("native"))) {
      assertThat(files).containsExactly(written.orElseThrow());
    }
  }

  @Test
  void export_again_replacesTheFileWhole() throws Exception {
    Path first = NativeLibraryExport.export(directory).orElseThrow();
    Files.write(first, new byte[] {1, 2, 3});

    Path second = NativeLibraryExport.export(directory).orElseThrow();

    assertThat(second).isEqualTo(first);
    assertThat(Files.size(second)).isGreaterThan(1_000_000);
  }
}
