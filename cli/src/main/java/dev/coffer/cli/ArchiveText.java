package dev.coffer.cli;

import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveRecipient;
import dev.coffer.engine.archive.EntryType;
import dev.coffer.keystore.EncryptionContext;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The human forms of archives: listings as {@code tar tv} lays them out, in UTC. */
final class ArchiveText {
  private static final DateTimeFormatter LISTING_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private ArchiveText() {}

  /** One listing line: type and mode, size, time, path (and a link's target). */
  static String entry(ArchiveEntry entry, long size) {
    String line =
        String.format(
            Locale.ROOT,
            "%s %12d %s %s",
            mode(entry),
            size,
            LISTING_DATE.format(entry.modified()),
            printable(entry.path()));
    return entry.type() == EntryType.SYMLINK ? line + " -> " + printable(entry.linkTarget()) : line;
  }

  /** {@code drwxr-xr-x} and the like. */
  static String mode(ArchiveEntry entry) {
    StringBuilder s =
        new StringBuilder(
            switch (entry.type()) {
              case DIRECTORY -> "d";
              case SYMLINK -> "l";
              case FILE -> "-";
            });
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((entry.mode() & (0400 >>> i)) != 0 ? letters.charAt(i) : '-');
    }
    return s.toString();
  }

  /** Who can open the archive and how it was made. */
  static void header(ArchiveHeader header, PrintStream out) {
    Table fields = Table.plain();
    ArchiveRecipient first = header.recipients().get(0);
    fields.row("Format", "Coffer archive v" + header.formatVersion());
    fields.row("Key", first.keyArn() + " (version " + first.keyVersion() + ")");
    for (ArchiveRecipient r : header.recipients().subList(1, header.recipients().size())) {
      fields.row("Recipient", r.keyArn() + " (version " + r.keyVersion() + ")");
    }
    fields.row("Context", context(header.encryptionContext()));
    fields.row("Created", KeyText.date(header.created()) + " by " + header.createdBy());
    header.exportedBucket().ifPresent(b -> fields.row("Exported bucket", b));
    fields.print(out);
  }

  static String context(EncryptionContext context) {
    if (context.isEmpty()) {
      return "(none)";
    }
    StringBuilder s = new StringBuilder();
    context.asMap().forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k + "=" + v));
    return printable(s.toString());
  }

  /**
   * Names made printable: control characters escaped, so that names cannot drive a terminal, and
   * backslashes doubled, so that an escape cannot be mistaken for a name's own characters.
   */
  static String printable(String path) {
    return TerminalText.escapeControls(path.replace("\\", "\\\\"));
  }
}
