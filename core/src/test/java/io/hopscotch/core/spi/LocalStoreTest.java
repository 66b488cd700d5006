package io.hopscotch.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.Record;
import io.hopscotch.core.Verifier;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

  private final long[] now = {1_000};
  private final Clock clock = new Clock() {
    @Override
    public long millis() {
      return now[0];
    }

    @Override
    public long nanos() {
      return now[0] * 1_000_000;
    }
  };
  private final Identity a = Identity.generate(new Random(1));
  private final Identity b = Identity.generate(new Random(2));

  private LocalStore store(int maxRecords) {
    return new LocalStore(Verifier.ed25519(), clock, 100, maxRecords, 10_000);
  }

  private Record rec(Identity who, String key, String value, long version, long expires) {
    return Record.create(who, Key.sha1(key), value.getBytes(), List.of("w"), version, expires);
  }

  @Test
  void keepsOneRecordPerPublisherAndTheNewestVersion() {
    LocalStore s = store(10);
    assertThat(s.put(rec(a, "k", "1", 1, 5_000))).isTrue();
    assertThat(s.put(rec(b, "k", "2", 1, 5_000))).isTrue();
    assertThat(s.put(rec(a, "k", "old", 0, 5_000))).isFalse();
    assertThat(s.put(rec(a, "k", "3", 2, 5_000))).isTrue();
    assertThat(s.get(Key.sha1("k"))).extracting(Record::valueAsString).containsExactlyInAnyOrder("3", "2");
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.bytes()).isEqualTo(2);
  }

  @Test
  void expiredRecordsAreInvisibleAndPurged() {
    LocalStore s = store(10);
    s.put(rec(a, "k", "1", 1, 2_000));
    now[0] = 2_000;
    assertThat(s.get(Key.sha1("k"))).isEmpty();
    assertThat(s.purgeExpired()).isEqualTo(1);
    assertThat(s.size()).isZero();
  }

  @Test
  void refusesForgedAndOversizedAndWhenFull() {
    LocalStore s = store(1);
    assertThatThrownBy(() -> s.put(rec(a, "k", "x".repeat(101), 1, 5_000))).hasMessageContaining("limit is 100");
    s.put(rec(a, "k", "1", 1, 5_000));
    assertThatThrownBy(() -> s.put(rec(a, "k2", "1", 1, 5_000))).hasMessageContaining("store full");
    assertThat(s.size()).isEqualTo(1);
  }

  @Test
  void rangesWrapAroundTheRing() {
    LocalStore s = store(100);
    for (int i = 0; i < 40; i++) {
      s.put(rec(a, "key" + i, "v", 1, 5_000));
    }
    Key from = Key.sha1("key3");
    Key to = Key.sha1("key17");
    List<Record> in = s.range(from, to);
    List<Record> out = s.range(to, from);
    assertThat(in.size() + out.size()).isEqualTo(40);
    assertThat(in).allMatch(r -> r.key().inOpenClosed(from, to));
    assertThat(out).allMatch(r -> r.key().inOpenClosed(to, from));
    assertThat(s.removeRange(from, to)).isEqualTo(in.size());
    assertThat(s.size()).isEqualTo(out.size());
  }

  @Test
  void searchMatchesAllKeywords() {
    LocalStore s = store(10);
    s.put(Record.create(a, Key.sha1("1"), new byte[0], List.of("blue", "moon"), 1, 5_000));
    s.put(Record.create(a, Key.sha1("2"), new byte[0], List.of("blue", "sky"), 1, 5_000));
    assertThat(s.search(List.of("blue"), 10)).hasSize(2);
    assertThat(s.search(List.of("blue", "moon"), 10)).hasSize(1);
    assertThat(s.search(List.of("blue"), 1)).hasSize(1);
  }
}
