package dev.coffer.cli;

import dev.coffer.engine.archive.FileTreeArchiver;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The PATH operands of {@code archive create}, checked before anything is opened. An operand that
 * the tree walk would skip (a pipe, or a link whose target an archive cannot keep) is refused: the
 * user named it, and a skip left an archive without it, or an empty one, and exit code 0.
 */
final class ArchiveOperands {
  private ArchiveOperands() {}

  /**
   * What to walk for {@code operand}: the operand itself, or, for a symbolic link written with a
   * trailing '/', the directory it leads to (as the system resolves "link/").
   *
   * @throws NotFoundException if it is missing
   * @throws InvalidArgumentException if it would leave nothing of itself in the archive
   */
  static Path resolve(String operand, String name) {
    Path path = Path.of(operand);
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotFoundException("no such file or directory: " + operand);
      }
      boolean link = Files.isSymbolicLink(path);
      if (link
          && (operand.endsWith("/") || operand.endsWith(path.getFileSystem().getSeparator()))) {
        // Path.of drops the '/', which names the directory behind the link, not the link.
        path = path.toRealPath();
        link = false;
      }
      if (link && Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
        throw new InvalidArgumentException(
            refusal(operand, "it leads to a pipe, socket or device"));
      }
      String why = FileTreeArchiver.problem(path, name);
      if (why != null) {
        throw new InvalidArgumentException(
            refusal(operand, why)
                + (link ? "; name " + operand + "/ to archive the directory it leads to" : ""));
      }
      return path;
    } catch (NoSuchFileException e) {
      throw new NotFoundException("cannot archive " + operand + ": no such file or directory", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive " + operand + ": " + e.getMessage(), e);
    }
  }

  private static String refusal(String operand, String why) {
    String pipe =
        why.startsWith("symbolic link")
            ? ""
            : "; to archive what a pipe delivers, read it as standard input: --stdin-name NAME - < "
                + operand;
    return "cannot archive " + operand + ": " + why + pipe;
  }
}
