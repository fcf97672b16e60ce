package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code coffer key tags}: a key's tags (TagResource, UntagResource, ListResourceTags). */
@Command(
    name = "tags",
    description = {
      "Read and change a key's tags.",
      "Policies can test tags (aws:ResourceTag/KEY), so tagging a key can grant or take away "
          + "access to it. Tags are not secret: they appear in audit records."
    },
    subcommands = {KeyTagCommands.Get.class, KeyTagCommands.Add.class, KeyTagCommands.Remove.class})
final class KeyTagCommands extends CommandGroup {
  @Command(name = "get", description = "Show a key's tags, sorted by tag key (ListResourceTags).")
  static final class Get extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      print(invocation, key, kms.listResourceTags(key));
    }
  }

  @Command(
      name = "add",
      description = {
        "Add tags to a key, or change the values of tags it has (TagResource).",
        "Tag keys and values are case-sensitive; keys are 1-128 characters and may not start "
            + "with aws:, values up to 256 characters; a key has at most 50 tags. "
            + "A key pending deletion keeps its tags as they are."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key tags add alias/app team=payments cost-center=42")
  static final class Add extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "TAG=VALUE",
        description = "Tags; each splits at its first '='.")
    List<String> pairs = new ArrayList<>();

    @Override
    void run(KeyService kms, Invocation invocation) {
      Map<String, String> tags = new LinkedHashMap<>();
      for (String pair : pairs) {
        int equals = pair.indexOf('=');
        if (equals < 0) {
          throw new ParameterException(
              spec.commandLine(), "'" + pair + "' is not TAG=VALUE (an empty value is TAG=)");
        }
        String tag = pair.substring(0, equals);
        if (tags.put(tag, pair.substring(equals + 1)) != null) {
          throw new ParameterException(
              spec.commandLine(), "tag " + tag + " is given twice; give each tag once");
        }
      }
      kms.tagResource(TagResourceRequest.of(key, tags));
      printAfterChange(kms, invocation, key);
    }
  }

  @Command(
      name = "remove",
      description = {
        "Remove tags from a key by tag key (UntagResource).",
        "Naming a tag the key does not have is not an error, as in KMS."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key tags remove alias/app cost-center")
  static final class Remove extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG", description = "Tag keys.")
    List<String> tagKeys = new ArrayList<>();

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.untagResource(UntagResourceRequest.of(key, tagKeys));
      printAfterChange(kms, invocation, key);
    }
  }

  /**
   * Prints the key's tags after a change, or only that it changed: a caller allowed to tag but not
   * to list tags must not be told that the change it made failed.
   */
  private static void printAfterChange(KeyService kms, Invocation invocation, String key) {
    Map<String, String> tags;
    try {
      tags = kms.listResourceTags(key);
    } catch (AccessDeniedException e) {
      JsonObject json = new JsonObject();
      json.addProperty("key", key);
      json.addProperty("changed", true);
      invocation
          .output()
          .result(
              json,
              out ->
                  out.println(
                      "Changed the tags of "
                          + key
                          + " (showing them needs kms:ListResourceTags)."));
      return;
    }
    print(invocation, key, tags);
  }

  private static void print(Invocation invocation, String key, Map<String, String> tags) {
    JsonObject json = new JsonObject();
    json.addProperty("key", key);
    json.add("tags", KeyJson.map(tags));
    invocation.output().result(json, out -> ObjectText.tags("Key " + key, tags, out));
  }
}
