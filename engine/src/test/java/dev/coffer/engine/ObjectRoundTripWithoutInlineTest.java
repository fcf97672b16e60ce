package dev.coffer.engine;

/**
 * The round trips again with every object's data in chunks rows, as record format version 1 and an
 * engine built with {@code inlineObjectBytes(0)} store it.
 */
class ObjectRoundTripWithoutInlineTest extends ObjectRoundTripTest {
  @Override
  Coffer.Builder options(Coffer.Builder b) {
    return b.inlineObjectBytes(0);
  }

  @Override
  long chunkRows(int segments) {
    return segments;
  }
}
