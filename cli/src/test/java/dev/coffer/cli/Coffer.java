package dev.coffer.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code coffer} in-process against one data directory, as a test would type it. */
final class Coffer {
  private final Path data;
  private final Map<String, String> env = new HashMap<>();
  private boolean terminal;
  private ArchiveReadSeam archiveReads = ArchiveReadSeam.NONE;

  Coffer(Path data) {
    this.data = data;
  }

  /** Runs commands without --data, as against a server (which refuses an explicit --data). */
  static Coffer withoutData() {
    return new Coffer(null);
  }

  /** A data directory with an initialized keystore (root key file). */
  static Coffer initialized(Path data) {
    Coffer coffer = new Coffer(data);
    coffer.run("init").assertOk();
    return coffer;
  }

  Path data() {
    return data;
  }

  /** Runs later commands as if standard input and output were a terminal. */
  Coffer atTerminal() {
    terminal = true;
    return this;
  }

  Coffer env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Lets {@code seam} see (and wrap) each file's data as {@code archive create} reads it. */
  Coffer archiveReads(ArchiveReadSeam seam) {
    archiveReads = seam;
    return this;
  }

  /** Runs {@code coffer --data DIR args…} (without --data if DIR is null), with empty stdin. */
  Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  Result runWithInput(String stdin, String... args) {
    return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  Result runWithInput(byte[] stdin, String... args) {
    return runWithInput(new ByteArrayInputStream(stdin), args);
  }

  Result runWithInput(InputStream stdin, String... args) {
    List<String> all = new ArrayList<>();
    if (data != null) {
      all.addAll(List.of("--data", data.toString()));
    }
    all.addAll(List.of(args));
    Result result = runRaw(stdin, all.toArray(String[]::new));
    if (data == null && Files.exists(Path.of("coffer-data"))) {
      // Without --data a command that fell back to the data directory would open ./coffer-data
      // here: a remote command must never get that far.
      throw new AssertionError("coffer " + String.join(" ", args) + " made ./coffer-data");
    }
    return result;
  }

  /** Runs exactly {@code args}, without adding --data. */
  Result runRaw(byte[] stdin, String... args) {
    return runRaw(new ByteArrayInputStream(stdin), args);
  }

  Result runRaw(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.execute(args, new Host(o, e, stdin, env, terminal, archiveReads));
    }
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Creates a key, optionally with an alias, and returns its id. */
  String createKey(String... options) {
    List<String> args = new ArrayList<>(List.of("key", "create", "--json"));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new))
        .assertOk()
        .json()
        .getAsJsonObject("keyMetadata")
        .get("keyId")
        .getAsString();
  }

  /** Creates a bucket with {@code options} (such as --kms-key KEY --bucket-key). */
  Coffer createBucket(String name, String... options) {
    List<String> args = new ArrayList<>(List.of("bucket", "create", name));
    args.addAll(List.of(options));
    run(args.toArray(String[]::new)).assertOk();
    return this;
  }

  /** Runs {@code coffer put PATH - options…} with {@code data} on standard input. */
  Result put(String path, byte[] data, String... options) {
    List<String> args = new ArrayList<>(List.of("put", path, "-"));
    args.addAll(List.of(options));
    return runWithInput(data, args.toArray(String[]::new));
  }

  Result put(String path, String data, String... options) {
    return put(path, data.getBytes(StandardCharsets.UTF_8), options);
  }

  /** Attaches an identity policy to {@code principal}, given as a JSON document. */
  Coffer attachPolicy(String principal, String name, String policy) {
    runWithInput(policy, "principal", "policy", "put", principal, name, "-").assertOk();
    return this;
  }

  /** What one command did. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return JsonParser.parseString(out()).getAsJsonObject();
    }

    JsonObject errorJson() {
      return JsonParser.parseString(stderr).getAsJsonObject().getAsJsonObject("error");
    }

    Result assertOk() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + ": " + stderr + out());
      }
      return this;
    }
  }
}
