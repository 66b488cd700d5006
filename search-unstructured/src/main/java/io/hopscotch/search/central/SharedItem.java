package io.hopscotch.search.central;

import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * One item a client shares, as the index knows it: the key, the words it can be found by, and the
 * size of the value the client holds.
 *
 * @param key the item's key
 * @param keywords normalised keywords (at most {@link Record#MAX_KEYWORDS}, each at most
 *     {@link Record#MAX_KEYWORD_BYTES} UTF-8 bytes)
 * @param size size of the value in bytes, non-negative
 */
public record SharedItem(Key key, List<String> keywords, long size) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the size is negative or the keywords break the limits
   */
  public SharedItem {
    Objects.requireNonNull(key, "key");
    keywords = List.copyOf(keywords);
    if (size < 0) {
      throw new IllegalArgumentException("item size must be >= 0, got " + size);
    }
    if (keywords.size() > Record.MAX_KEYWORDS) {
      throw new IllegalArgumentException("at most " + Record.MAX_KEYWORDS + " keywords, got " + keywords.size());
    }
  }

  /** The item a record describes: its key, keywords and value length. */
  public static SharedItem of(Record r) {
    return new SharedItem(r.key(), r.keywords(), r.valueLength());
  }

  /** Writes the item. */
  public void write(WireWriter out) {
    out.writeKey(key);
    out.writeList(keywords, WireWriter::writeString);
    out.writeLong(size);
  }

  /**
   * Reads an item written by {@link #write}.
   *
   * @throws MalformedMessageException if the bytes do not form an item
   */
  public static SharedItem read(WireReader in) {
    Key key = in.readKey();
    List<String> words = in.readList(Record.MAX_KEYWORDS, r -> r.readString(Record.MAX_KEYWORD_BYTES));
    long size = in.readLong();
    if (size < 0) {
      throw new MalformedMessageException("negative item size " + size);
    }
    return new SharedItem(key, words, size);
  }
}
