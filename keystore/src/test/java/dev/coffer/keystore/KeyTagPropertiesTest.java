package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.coffer.keystore.testing.TagMaps;
import dev.coffer.keystore.testing.UnicodeStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A model-based property of TagResource, UntagResource and ListResourceTags: random sequences of
 * them, valid and invalid, against a plain map. One keystore serves every example, with a fresh key
 * per example, so a few hundred sequences run in seconds.
 */
class KeyTagPropertiesTest {
  private static final int MAX_TAGS = TagResourceRequest.MAX_TAGS_PER_KEY;

  /**
   * Tag keys that collide: case variants of one another, and characters whose case mappings are
   * irregular (dotted and dotless i, long s, Kelvin sign, sharp s, final sigma, a Deseret letter).
   */
  private static final List<String> FAMILIAR_KEYS =
      Stream.of(
              Stream.of("Project", "project", "PROJECT", "team", "Team", "a", "A"),
              TagMaps.IRREGULAR_CASE_LETTERS.stream(),
              Stream.of("x y", "aws", "awsx:y", "aws-x", "a:b", "k".repeat(128)))
          .flatMap(x -> x)
          .toList();

  /** Tag keys KMS refuses: empty, too long, or starting with aws: in any letter case. */
  private static final List<String> BAD_KEYS =
      List.of("", "k".repeat(129), "aws:", "aws:team", "AWS:team", "Aws:x", "aWs:", "awS:Project");

  private static final Gen<String> KEYS =
      Generate.frequency(
          List.of(
              Pair.of(10, Generate.pick(FAMILIAR_KEYS)),
              Pair.of(3, UnicodeStrings.ofLengthBetween(1, 6)),
              Pair.of(1, Generate.pick(BAD_KEYS))));

  private static final Gen<String> VALUES =
      Generate.frequency(
          List.of(
              Pair.of(8, Generate.pick(List.of("", "v", "V", "alpha", "Alpha", " ", "ß", "ǅ"))),
              Pair.of(4, UnicodeStrings.ofLengthBetween(0, 8)),
              Pair.of(1, Generate.pick(List.of("v".repeat(256), "v".repeat(257))))));

  private static final Gen<Map<String, String>> SMALL_TAG_MAPS = TagMaps.of(KEYS, VALUES, 4);

  /** Many distinct tags at once (up to one more than a request may carry), to reach the limit. */
  private static final Gen<Map<String, String>> BULK_TAG_MAPS =
      integers()
          .between(1, MAX_TAGS + 1)
          .zip(
              integers().between(0, 60),
              (n, first) -> {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = first; i < first + n; i++) {
                  m.put("bulk" + i, "v" + i);
                }
                return m;
              });

  private static final Gen<Step> STEPS =
      Generate.frequency(
          List.of(
              Pair.of(4, SMALL_TAG_MAPS.map(Step::tag)),
              Pair.of(2, BULK_TAG_MAPS.map(Step::tag)),
              Pair.of(
                  4,
                  lists()
                      .of(KEYS.mix(integers().between(0, 90).map(i -> "bulk" + i), 40))
                      .ofSizeBetween(0, 8)
                      .map(Step::untag)),
              Pair.of(2, BULK_TAG_MAPS.map(m -> Step.untag(List.copyOf(m.keySet())))),
              Pair.of(1, Generate.constant(Step.of(Kind.LIST))),
              Pair.of(1, Generate.constant(Step.of(Kind.TOGGLE_DELETION))),
              Pair.of(1, Generate.constant(Step.of(Kind.REOPEN)))));

  private static final Gen<List<Step>> SEQUENCES = lists().of(STEPS).ofSizeBetween(1, 12);

  @TempDir Path dir;

  enum Kind {
    TAG,
    UNTAG,
    LIST,
    TOGGLE_DELETION,
    REOPEN
  }

  /** One call. Long strings are abbreviated when printed, so a shrunk failure stays readable. */
  record Step(Kind kind, Map<String, String> tags, List<String> tagKeys) {
    static Step tag(Map<String, String> tags) {
      return new Step(Kind.TAG, tags, List.of());
    }

    static Step untag(List<String> tagKeys) {
      return new Step(Kind.UNTAG, Map.of(), tagKeys);
    }

    static Step of(Kind kind) {
      return new Step(kind, Map.of(), List.of());
    }

    @Override
    public String toString() {
      return switch (kind) {
        case TAG -> "Tag" + abbreviate(tags.toString());
        case UNTAG -> "Untag" + abbreviate(tagKeys.toString());
        default -> kind.toString();
      };
    }

    private static String abbreviate(String s) {
      return s.replaceAll("(.)\\1{15,}", "$1…");
    }
  }

  private static boolean validKey(String k) {
    return !k.isEmpty()
        && k.codePointCount(0, k.length()) <= 128
        && !k.toLowerCase(Locale.ROOT).startsWith("aws:");
  }

  private static boolean validTags(Map<String, String> tags) {
    return !tags.isEmpty()
        && tags.size() <= MAX_TAGS
        && tags.entrySet().stream()
            .allMatch(
                e ->
                    validKey(e.getKey())
                        && e.getValue().codePointCount(0, e.getValue().length()) <= 256);
  }

  /** Whether two of the keys differ only in letter case, which the keystore refuses. */
  private static boolean caseVariants(java.util.Collection<String> keys) {
    return keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().count() < keys.size();
  }

  /** The state the key should be in: its tags, and whether it is pending deletion. */
  private static final class Model {
    final Map<String, String> tags = new TreeMap<>();
    boolean pendingDeletion;
  }

  @Test
  void tagOperations_matchAMapModel_andInvalidOnesChangeNothing() {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      qt().withExamples(120)
          .withShrinkCycles(300)
          .forAll(SMALL_TAG_MAPS, SEQUENCES)
          .checkAssert((initial, steps) -> run(fx, initial, steps));
    }
  }

  private static void run(KeystoreFixture fx, Map<String, String> initial, List<Step> steps) {
    Model model = new Model();
    String keyId = create(fx, initial, model);
    for (Step step : steps) {
      KeyService kms = fx.admin();
      long generation = fx.keystore().generation();
      switch (step.kind()) {
        case TAG -> tag(fx, keyId, step.tags(), model, generation);
        case UNTAG -> untag(fx, keyId, step.tagKeys(), model, generation);
        case LIST -> {
          assertThat(kms.listResourceTags(keyId)).isEqualTo(model.tags);
          assertThat(fx.keystore().generation()).isEqualTo(generation);
        }
        case TOGGLE_DELETION -> {
          if (model.pendingDeletion) {
            kms.cancelKeyDeletion(keyId);
          } else {
            kms.scheduleKeyDeletion(keyId, 7);
          }
          model.pendingDeletion = !model.pendingDeletion;
        }
        case REOPEN -> fx.reopen();
      }
      assertTagsAre(fx.admin(), keyId, model);
    }
    fx.reopen();
    assertTagsAre(fx.admin(), keyId, model);
  }

  private static String create(KeystoreFixture fx, Map<String, String> initial, Model model) {
    long generation = fx.keystore().generation();
    if (!validTags(initial) && !initial.isEmpty()) {
      assertThatThrownBy(() -> CreateKeyRequest.builder().tags(initial).build())
          .isInstanceOf(InvalidArgumentException.class);
      assertThat(fx.keystore().generation()).isEqualTo(generation);
      return fx.newKey().keyId();
    }
    if (caseVariants(initial.keySet())) {
      assertThatThrownBy(
              () -> fx.admin().createKey(CreateKeyRequest.builder().tags(initial).build()))
          .isInstanceOf(InvalidArgumentException.class);
      assertThat(fx.keystore().generation()).isEqualTo(generation);
      return fx.newKey().keyId();
    }
    String keyId = fx.admin().createKey(CreateKeyRequest.builder().tags(initial).build()).keyId();
    model.tags.putAll(initial);
    return keyId;
  }

  private static void tag(
      KeystoreFixture fx, String keyId, Map<String, String> tags, Model model, long generation) {
    KeyService kms = fx.admin();
    if (!validTags(tags)) {
      assertThatThrownBy(() -> kms.tagResource(TagResourceRequest.of(keyId, tags)))
          .isInstanceOf(InvalidArgumentException.class);
    } else if (model.pendingDeletion) {
      assertThatThrownBy(() -> kms.tagResource(TagResourceRequest.of(keyId, tags)))
          .isInstanceOf(InvalidStateException.class);
    } else {
      Map<String, String> merged = new TreeMap<>(model.tags);
      merged.putAll(tags);
      if (caseVariants(merged.keySet())) {
        assertThatThrownBy(() -> kms.tagResource(TagResourceRequest.of(keyId, tags)))
            .isInstanceOf(InvalidArgumentException.class);
      } else if (merged.size() > MAX_TAGS) {
        assertThatThrownBy(() -> kms.tagResource(TagResourceRequest.of(keyId, tags)))
            .isInstanceOf(LimitExceededException.class);
      } else {
        kms.tagResource(TagResourceRequest.of(keyId, tags));
        assertGenerationMovedIffChanged(fx, generation, model.tags, merged);
        model.tags.putAll(tags);
        return;
      }
    }
    assertThat(fx.keystore().generation()).as("a refused TagResource").isEqualTo(generation);
  }

  private static void untag(
      KeystoreFixture fx, String keyId, List<String> tagKeys, Model model, long generation) {
    KeyService kms = fx.admin();
    if (tagKeys.isEmpty() || !tagKeys.stream().allMatch(KeyTagPropertiesTest::validKey)) {
      assertThatThrownBy(() -> kms.untagResource(UntagResourceRequest.of(keyId, tagKeys)))
          .isInstanceOf(InvalidArgumentException.class);
    } else if (model.pendingDeletion) {
      assertThatThrownBy(() -> kms.untagResource(UntagResourceRequest.of(keyId, tagKeys)))
          .isInstanceOf(InvalidStateException.class);
    } else {
      kms.untagResource(UntagResourceRequest.of(keyId, tagKeys));
      Map<String, String> left = new TreeMap<>(model.tags);
      left.keySet().removeAll(tagKeys);
      assertGenerationMovedIffChanged(fx, generation, model.tags, left);
      model.tags.keySet().removeAll(tagKeys);
      return;
    }
    assertThat(fx.keystore().generation()).as("a refused UntagResource").isEqualTo(generation);
  }

  private static void assertGenerationMovedIffChanged(
      KeystoreFixture fx, long generation, Map<String, String> before, Map<String, String> after) {
    if (before.equals(after)) {
      assertThat(fx.keystore().generation()).as("a change to nothing").isEqualTo(generation);
    } else {
      assertThat(fx.keystore().generation()).isGreaterThan(generation);
    }
  }

  private static void assertTagsAre(KeyService kms, String keyId, Model model) {
    Map<String, String> listed = kms.listResourceTags(keyId);
    assertThat(new ArrayList<>(listed.entrySet()))
        .as("ListResourceTags, in order")
        .containsExactlyElementsOf(model.tags.entrySet());
    assertThat(listed).hasSizeLessThanOrEqualTo(MAX_TAGS);
    assertThat(kms.describeKey(keyId).tags()).isEqualTo(model.tags);
  }
}
