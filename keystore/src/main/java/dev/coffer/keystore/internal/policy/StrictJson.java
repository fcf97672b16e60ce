package dev.coffer.keystore.internal.policy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses JSON strictly, for documents that decide access: RFC 8259 syntax only, no duplicate object
 * keys (a later duplicate would otherwise silently win), no trailing content, and a nesting limit
 * so that a hostile document cannot exhaust the stack.
 */
final class StrictJson {
  static final int MAX_DEPTH = 16;

  /** Thrown with a message saying what is wrong and where (a JSON path). */
  static final class JsonSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    JsonSyntaxError(String message) {
      super(message);
    }
  }

  private StrictJson() {}

  static JsonElement parse(String text) throws JsonSyntaxError {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement root = read(reader, 0);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxError(
            "unexpected content after the JSON document at " + reader.getPath());
      }
      return root;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      String detail = firstLine(e.getMessage());
      throw new JsonSyntaxError(
          detail.startsWith("at line ") ? "invalid JSON " + detail : "invalid JSON: " + detail);
    }
  }

  private static JsonElement read(JsonReader reader, int depth)
      throws IOException, JsonSyntaxError {
    if (depth > MAX_DEPTH) {
      throw new JsonSyntaxError(
          "JSON nested deeper than " + MAX_DEPTH + " levels at " + reader.getPath());
    }
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (object.has(name)) {
            throw new JsonSyntaxError("duplicate key \"" + name + "\" at " + reader.getPath());
          }
          object.add(name, read(reader, depth + 1));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(read(reader, depth + 1));
        }
        reader.endArray();
        return array;
      }
      case STRING -> {
        return new JsonPrimitive(reader.nextString());
      }
      case NUMBER -> {
        // IAM compares condition values as strings; a number keeps its literal text.
        return new JsonPrimitive(reader.nextString());
      }
      case BOOLEAN -> {
        return new JsonPrimitive(reader.nextBoolean());
      }
      case NULL -> {
        reader.nextNull();
        return JsonNull.INSTANCE;
      }
      default ->
          throw new JsonSyntaxError("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed document";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // Gson's advice is for programmers calling it: a policy's author cannot make it lenient.
    return line.replace(
            "See https://github.com/google/gson/blob/main/Troubleshooting.md#malformed-json", "")
        .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "")
        .trim();
  }
}
