package dev.coffer.engine.archive;

import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A real keystore in a temporary directory and helpers to seal and open archives in memory. No
 * mocks: every archive key comes from GenerateDataKey and is opened with Decrypt.
 */
final class ArchiveFixture implements AutoCloseable {
  static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  static final Instant TIME = Instant.parse("2026-11-23T12:00:00Z");
  static final int SEGMENT = ArchiveSpec.DEFAULT_SEGMENT_SIZE;

  final Path directory;
  private Keystore keystore;

  ArchiveFixture(Path directory) {
    this.directory = directory;
    this.keystore = open(directory);
  }

  static Keystore open(Path directory) {
    return Keystore.builder(directory).createIfMissing(true).open();
  }

  KeyService kms() {
    return keystore.as(ROOT);
  }

  Keystore keystore() {
    return keystore;
  }

  /** A new key; returns its ARN. */
  String createKey() {
    return kms().createKey(CreateKeyRequest.defaults()).arn();
  }

  /** One entry of a test archive and, for a file, its bytes. */
  record Item(ArchiveEntry entry, byte[] data) {
    static Item file(String path, byte[] data) {
      return new Item(ArchiveEntry.file(path, 0640, TIME), data);
    }

    static Item directory(String path) {
      return new Item(ArchiveEntry.directory(path, 0750, TIME), null);
    }

    static Item symlink(String path, String target) {
      return new Item(ArchiveEntry.symlink(path, target, TIME), null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Item i && entry.equals(i.entry) && Arrays.equals(data, i.data);
    }

    @Override
    public int hashCode() {
      return entry.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return entry.path() + (data == null ? "" : " (" + data.length + " bytes)");
    }
  }

  byte[] seal(String keyArn, List<Item> items) throws IOException {
    return seal(ArchiveSpec.builder(keyArn).created(TIME).build(), items);
  }

  byte[] seal(ArchiveSpec spec, List<Item> items) throws IOException {
    ArchiveKey key = ArchiveKey.create(kms(), spec);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveWriter writer = ArchiveWriter.start(out, key)) {
      for (Item item : items) {
        if (item.data() == null) {
          writer.add(item.entry());
        } else {
          writer.addFile(item.entry(), new ByteArrayInputStream(item.data()));
        }
      }
      writer.finish();
    }
    return out.toByteArray();
  }

  /** Reads an archive to its end with default options; throws whatever reading throws. */
  /**
   * {@code source} (a tree, for a directory) archived as {@code name} under {@code keyArn} by a
   * {@link FileTreeArchiver} reporting to {@code listener}.
   */
  byte[] archiveTree(String keyArn, Path source, String name, FileTreeArchiver.Listener listener)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveKey key = ArchiveKey.create(kms(), ArchiveSpec.builder(keyArn).build());
    try (ArchiveWriter writer = ArchiveWriter.start(out, key)) {
      new FileTreeArchiver(writer, listener).add(source, name);
      writer.finish();
    }
    return out.toByteArray();
  }

  List<Item> open(byte[] archive) throws IOException {
    return open(archive, OpenOptions.defaults());
  }

  List<Item> open(byte[] archive, OpenOptions options) throws IOException {
    return read(kms(), archive, options);
  }

  static List<Item> read(KeyService kms, byte[] archive, OpenOptions options) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveHeader header = ArchiveHeader.read(in);
    ArchiveKey key = ArchiveKey.open(kms, header, options);
    List<Item> items = new ArrayList<>();
    try (ArchiveReader reader = ArchiveReader.open(in, key)) {
      for (Optional<ArchiveEntry> e; (e = reader.next()).isPresent(); ) {
        byte[] data = e.get().type() == EntryType.FILE ? reader.data().readAllBytes() : null;
        items.add(new Item(e.get(), data));
      }
    }
    return items;
  }

  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static EncryptionContext context(String... pairs) {
    EncryptionContext c = EncryptionContext.empty();
    for (int i = 0; i < pairs.length; i += 2) {
      c = c.with(pairs[i], pairs[i + 1]);
    }
    return c;
  }

  /** Closes and reopens the keystore (as a separate command would). */
  void reopen() {
    keystore.close();
    keystore = open(directory);
  }

  @Override
  public void close() {
    keystore.close();
  }
}
