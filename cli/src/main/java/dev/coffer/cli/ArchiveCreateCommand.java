package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveSpec;
import dev.coffer.engine.archive.ArchiveSummary;
import dev.coffer.engine.archive.ArchiveWriter;
import dev.coffer.engine.archive.FileTreeArchiver;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer archive create}: files, directories and standard input into one archive. */
@Command(
    name = "create",
    description = {
      "Seal files and directories (recursively) into an encrypted archive.",
      "Each PATH is stored under its last name, with its tree below it. Symbolic links are "
          + "stored as links, never followed, and only if their target is relative and does not "
          + "climb above the archive's top (it need not be archived itself); others are skipped "
          + "and reported, as are pipes, sockets and devices. A PATH that would be skipped is "
          + "refused instead; write a link to a directory as LINK/ to archive the directory. "
          + "An OUT file appears only once the archive is complete. Streams any size in bounded "
          + "memory; shows progress (files, bytes, rate) at a terminal.",
      "Kept: bytes, permission bits (0777) and modification times. Not kept: owners, "
          + "setuid/setgid/sticky bits, ACLs and extended attributes; hard links become copies, "
          + "sparse files are stored in full. Names must be UTF-8; others are skipped and "
          + "reported (with --json in \"skipped\"). An unreadable file fails the archive "
          + "(exit 4) and leaves no OUT.",
      "Files that change while they are read (size, modification or status change time, or "
          + "the file itself) are stored as read, as tar does: up to their size when opened, "
          + "named on stderr with \"file changed as we read it\" (with --json in \"changed\"); "
          + "the archive is complete and valid, and the exit code is 15 instead of 0. A file "
          + "removed before it could be read is left out, named with \"file removed before we "
          + "read it\" (also in \"changed\"), and also exits 15. Archive a snapshot of live "
          + "data for a consistent copy.",
      "--exclude leaves out every entry whose path in the archive (as `coffer archive list` "
          + "shows it, starting with the PATH's last name) matches the pattern; a directory left "
          + "out is not read, so nothing under it is archived. A PATH that matches is left out "
          + "itself (it must still exist), as is standard input's entry, which is then not read. "
          + "What is left out is counted in the summary (--json: \"excluded\", a directory "
          + "once), not reported as skipped."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer archive create -o docs.coffer --key alias/backup docs/ notes.txt",
      "  coffer archive create -o - --key alias/backup --recipient alias/recovery \\",
      "    src/ > src.coffer",
      "  pg_dump app | coffer archive create -o db.coffer --stdin-name app.sql -",
      "  coffer archive create -o src.coffer --exclude node_modules --exclude '*.tmp' \\",
      "    --exclude src/build src/"
    })
final class ArchiveCreateCommand implements Callable<Integer> {
  static final String DEFAULT_KEY = "alias/coffer/default";

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description =
          "Archive file to write, or - for standard output. An existing file is replaced, and"
              + " only once the new archive is complete.")
  String output;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = {
        "Master key for the archive's data key (default: " + DEFAULT_KEY + ").",
        KeyCommands.KEY
      })
  String key;

  @Option(
      names = "--recipient",
      paramLabel = "KEY",
      description =
          "A further key that can open the archive on its own, a recovery key say (repeatable).")
  List<String> recipients = new ArrayList<>();

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Encryption context pair bound to the archive's data key (repeatable; splits at the "
            + "first '='); coffer: keys are reserved. Extract with --context to insist on it."
      })
  Map<String, String> context = new LinkedHashMap<>();

  @Option(
      names = "--stdin-name",
      paramLabel = "NAME",
      defaultValue = "stdin",
      description = "Entry name for standard input (PATH -), default: ${DEFAULT-VALUE}.")
  String stdinName;

  @Option(
      names = "--exclude",
      paramLabel = "PATTERN",
      description = {
        "Leave out entries whose path matches PATTERN (repeatable; case-sensitive). Without a "
            + "'/', PATTERN matches any one name in the path, at any depth: node_modules, "
            + "'*.tmp'. With a '/', it matches the whole path from the archive's top: "
            + "src/build, 'src/*/target', 'docs/**.pdf'. '*' matches any characters but '/', "
            + "'?' one character but '/', '**' any characters, '/' included; '\\' makes the "
            + "next character match itself, and every other character matches itself. A "
            + "PATTERN starting or ending with '/' is refused (exit 2)."
      })
  List<String> excludes = new ArrayList<>();

  @Mixin KeystoreLocation keystore;

  // At least one: without, an empty archive came out with exit 0, which a script that lost its
  // arguments would take for a backup.
  @Parameters(
      paramLabel = "PATH",
      arity = "1..*",
      description = "Files and directories to archive, or - for standard input.")
  List<String> paths = new ArrayList<>();

  /** One PATH argument and the name it is stored under. */
  private record Source(Path path, String name, InputStream stdin) {}

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    invocation.checkRemoteOptions(keystore.directory);
    List<ExcludePattern> patterns = excludes.stream().map(ExcludePattern::parse).toList();
    List<Source> sources = sources(invocation);
    ArchiveSpec.Builder archive =
        ArchiveSpec.builder(key != null ? key : DEFAULT_KEY)
            .encryptionContext(EncryptionContext.of(context));
    recipients.forEach(archive::recipient);
    ArchiveKey archiveKey;
    // The keystore is closed before any output: a reader at the other end of a pipe can then
    // take its lock as soon as it has the header.
    try (Session keys = invocation.openKeys(keystore.directory)) {
      archiveKey = ArchiveKey.create(keys.keys(), archive.build());
    } catch (NotFoundException e) {
      if (key != null) {
        throw e;
      }
      throw new CommandException(
          e, "no --key given, and the default " + DEFAULT_KEY + " does not exist; name a key");
    }
    ArchiveSummary summary;
    Path written;
    ArchiveCreateListener listener;
    try (DownloadTarget target = DownloadTarget.of(invocation, output);
        Progress progress = Progress.start(invocation, "archive", -1);
        ArchiveWriter writer = ArchiveWriter.start(target.stream(), archiveKey)) {
      listener = new ArchiveCreateListener(invocation, progress, target, patterns);
      FileTreeArchiver archiver = new FileTreeArchiver(writer, listener);
      for (Source source : sources) {
        if (source.stdin() != null) {
          if (!listener.excludedByPattern(source.name())) {
            archiver.addStream(source.name(), source.stdin());
          }
        } else {
          archiver.add(source.path(), source.name());
        }
      }
      summary = writer.finish();
      target.commit();
      written = target.file();
    }
    if (written != null) {
      JsonObject document = ArchiveJson.header(archiveKey.header());
      document.addProperty("file", written.toString());
      ArchiveJson.addSummary(document, summary);
      listener.addTo(document);
      int excluded = listener.excludedCount();
      int skipped = listener.skippedCount();
      int changed = listener.changedCount();
      invocation
          .output()
          .result(
              document,
              out ->
                  out.println(
                      "archive: "
                          + summary.entries()
                          + (summary.entries() == 1 ? " entry, " : " entries, ")
                          + Progress.size(summary.bytes())
                          + " to "
                          + output
                          + " under "
                          + archiveKey.header().recipients().get(0).keyArn()
                          + (recipients.isEmpty()
                              ? ""
                              : " and " + recipients.size() + " more recipient(s)")
                          + (excluded == 0 ? "" : "; " + excluded + " excluded by --exclude")
                          + (skipped == 0
                              ? ""
                              : "; " + skipped + " skipped, not in the archive (see above)")
                          + (changed == 0
                              ? ""
                              : "; "
                                  + changed
                                  + " changed or vanished as they were read (see above)")));
    }
    return listener.changedCount() == 0 ? ExitCodes.OK : ExitCodes.FILES_CHANGED_WHILE_READ;
  }

  /** The PATH arguments, checked before anything is opened: all exist, and names are unique. */
  private List<Source> sources(Invocation invocation) {
    List<Source> sources = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String p : paths) {
      Source source;
      if (Inputs.STDIN.equals(p)) {
        source = new Source(null, stdinName, Inputs.openStream(invocation, p, "archive input"));
      } else {
        String name = FileTreeArchiver.entryName(Path.of(p));
        source = new Source(ArchiveOperands.resolve(p, name), name, null);
      }
      if (!names.add(source.name())) {
        throw new InvalidArgumentException(
            "two PATHs would both be stored as \"" + source.name() + "\"; archive their parent");
      }
      // The entry's own checks (a plain name, no NUL), before the keystore is opened.
      ArchiveEntry.file(source.name(), ArchiveEntry.DEFAULT_FILE_MODE, java.time.Instant.EPOCH);
      sources.add(source);
    }
    return sources;
  }
}
