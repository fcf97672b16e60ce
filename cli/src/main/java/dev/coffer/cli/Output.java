package dev.coffer.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Where a command's result goes: standard output, as one JSON document with {@code --json} or as
 * readable text otherwise. Commands build both forms; this class picks one.
 */
final class Output {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

  private final PrintStream out;
  private final boolean json;

  Output(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code document} in JSON mode, else runs {@code text} on standard output. */
  void result(JsonElement document, Consumer<PrintStream> text) {
    if (json) {
      out.println(GSON.toJson(document));
    } else {
      text.accept(out);
    }
    out.flush();
  }

  /** Prints a line of text in human mode only (hints, narration). */
  void line(String text) {
    if (!json) {
      out.println(text);
    }
  }

  /** Writes bytes exactly as given, for plaintext going to a pipe or file. */
  void raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    out.flush();
  }

  /** One line of JSON, for errors. */
  static String toCompactJson(JsonElement document) {
    return COMPACT.toJson(document);
  }
}
