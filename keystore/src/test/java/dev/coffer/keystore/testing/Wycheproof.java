package dev.coffer.keystore.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Test vectors of Project Wycheproof kept in test resources under {@code /wycheproof/}, in
 * Wycheproof's own JSON shape (so a file can be refreshed from upstream and trimmed again); where
 * they come from is in {@code README.md} beside them.
 */
public final class Wycheproof {
  private Wycheproof() {}

  /** What a vector says an implementation must do with it. */
  public enum Result {
    /** Must be accepted, with exactly the expected output. */
    VALID,
    /** Must be refused. */
    INVALID,
    /** Either is allowed; the caller must decide and say which. */
    ACCEPTABLE
  }

  /** One test of a file, with the group whose parameters (key size, IV size, ...) it shares. */
  public record Vector(String file, JsonObject group, JsonObject test) {
    public int tcId() {
      return test.get("tcId").getAsInt();
    }

    public Result result() {
      return Result.valueOf(test.get("result").getAsString().toUpperCase(Locale.ROOT));
    }

    /** A hex field of the test, decoded. */
    public byte[] bytes(String field) {
      return HexFormat.of().parseHex(test.get(field).getAsString());
    }

    public int number(String field) {
      return test.get(field).getAsInt();
    }

    /** A number of the group, such as {@code ivSize} (in bits). */
    public int groupNumber(String field) {
      return group.get(field).getAsInt();
    }

    public List<String> flags() {
      List<String> flags = new ArrayList<>();
      test.getAsJsonArray("flags").forEach(f -> flags.add(f.getAsString()));
      return flags;
    }

    /** How a parameterized test names the vector: enough to find it in the file. */
    @Override
    public String toString() {
      String comment = test.get("comment").getAsString();
      return file
          + " tcId "
          + tcId()
          + " "
          + test.get("result").getAsString()
          + (comment.isEmpty() ? "" : " (" + comment + ")")
          + " "
          + flags();
    }
  }

  /**
   * Every test of {@code /wycheproof/file}, in file order.
   *
   * @throws IllegalStateException if the file's {@code numberOfTests} is not the number of tests it
   *     holds (a trimmed file whose header was not updated)
   */
  public static List<Vector> load(String file) {
    JsonObject root;
    try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no /wycheproof/" + file + " in test resources");
      }
      root =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Vector> vectors = new ArrayList<>();
    for (JsonElement group : root.getAsJsonArray("testGroups")) {
      for (JsonElement test : group.getAsJsonObject().getAsJsonArray("tests")) {
        vectors.add(new Vector(file, group.getAsJsonObject(), test.getAsJsonObject()));
      }
    }
    int declared = root.get("numberOfTests").getAsInt();
    if (declared != vectors.size()) {
      throw new IllegalStateException(
          file + " declares " + declared + " tests but holds " + vectors.size());
    }
    return vectors;
  }
}
