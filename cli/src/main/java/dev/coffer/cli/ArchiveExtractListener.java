package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveExtractor;
import dev.coffer.engine.archive.ArchiveSummary;
import dev.coffer.engine.archive.IncompleteExtractionException;
import dev.coffer.engine.archive.LeftBehindFile;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code archive extract} shows besides its result: progress, the entries that could not be
 * put in place once files were going into place, and hidden files it could not remove, so that a
 * partial extraction never looks complete and nothing lingers unseen. Human output names them on
 * standard error; --json puts them in the result, printed after a failure too whenever something is
 * left on disk.
 */
final class ArchiveExtractListener implements ArchiveExtractor.Listener {
  private final Invocation invocation;
  private final Progress progress;
  private final Path directory;
  private final List<LeftBehindFile> leftBehind = new ArrayList<>();

  ArchiveExtractListener(Invocation invocation, Progress progress, Path directory) {
    this.invocation = invocation;
    this.progress = progress;
    this.directory = directory;
  }

  @Override
  public InputStream entry(ArchiveEntry entry, InputStream data) {
    progress.file();
    return data;
  }

  @Override
  public void leftBehind(LeftBehindFile file) {
    leftBehind.add(file);
  }

  /** The result of a complete extraction, hidden files left behind included. */
  JsonObject completed(ArchiveSummary summary) {
    JsonObject document = document(true);
    ArchiveJson.addSummary(document, summary);
    document.add("failed", new JsonArray());
    document.add("leftBehind", leftBehindJson());
    warnLeftBehind();
    return document;
  }

  /**
   * Says what a partial extraction left: each entry that failed and each hidden file left behind on
   * standard error, or the whole result on standard output with --json. The failure itself is
   * reported afterwards, as any other.
   */
  void incomplete(IncompleteExtractionException e) {
    JsonObject document = document(false);
    ArchiveJson.addSummary(document, e.summary());
    JsonArray failed = new JsonArray();
    for (IncompleteExtractionException.Failure f : e.failures()) {
      JsonObject item = new JsonObject();
      item.addProperty("path", f.path());
      item.addProperty("reason", f.reason().getMessage());
      failed.add(item);
      if (!invocation.output().json()) {
        invocation.host().err().println("coffer: " + f.reason().getMessage());
      }
    }
    document.add("failed", failed);
    document.add("leftBehind", leftBehindJson());
    warnLeftBehind();
    invocation.output().result(document, out -> {});
  }

  /** After an extraction that placed nothing: the hidden files it could not remove, if any. */
  void failed() {
    if (leftBehind.isEmpty()) {
      return;
    }
    JsonObject document = document(false);
    document.add("leftBehind", leftBehindJson());
    warnLeftBehind();
    invocation.output().result(document, out -> {});
  }

  private JsonObject document(boolean complete) {
    JsonObject document = new JsonObject();
    document.addProperty("directory", directory.toAbsolutePath().normalize().toString());
    document.addProperty("complete", complete);
    return document;
  }

  private JsonArray leftBehindJson() {
    JsonArray files = new JsonArray();
    for (LeftBehindFile f : leftBehind) {
      JsonObject item = new JsonObject();
      item.addProperty("path", f.path().toString());
      item.addProperty("description", f.description());
      item.addProperty("holdsData", f.holdsData());
      files.add(item);
    }
    return files;
  }

  private void warnLeftBehind() {
    if (invocation.output().json()) {
      return;
    }
    for (LeftBehindFile f : leftBehind) {
      invocation
          .host()
          .err()
          .println(
              "coffer: left behind "
                  + ArchiveText.printable(f.path().toString())
                  + ": "
                  + f.description());
    }
  }
}
