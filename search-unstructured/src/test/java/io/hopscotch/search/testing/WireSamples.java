package io.hopscotch.search.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Address;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.quicktheories.generators.Generate;

/**
 * Random but valid wire values from a seeded source, and the codec checks every strategy's messages
 * must pass: valid messages round-trip, random and mutated bodies decode or fail with
 * {@link MalformedMessageException} only.
 */
public final class WireSamples {

  private static final List<Identity> IDS = List.of(Identity.generate(new Random(1)), Identity.generate(new Random(2)));

  private WireSamples() {
  }

  /** A random key. */
  public static Key key(Random r) {
    byte[] b = new byte[Key.BYTES];
    r.nextBytes(b);
    return Key.fromBytes(b);
  }

  /** A random peer. */
  public static Peer peer(Random r) {
    return new Peer(key(r), new Address("10.0." + r.nextInt(256) + "." + r.nextInt(256), 1 + r.nextInt(65535)));
  }

  /** Zero to three normalised keywords. */
  public static List<String> words(Random r) {
    List<String> out = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add("w" + r.nextInt(50));
    }
    return Record.normalise(out);
  }

  /** One to three normalised keywords. */
  public static List<String> someWords(Random r) {
    List<String> w = words(r);
    return w.isEmpty() ? List.of("w" + r.nextInt(50)) : w;
  }

  /** A signed record or tombstone. */
  public static Record record(Random r) {
    Identity id = IDS.get(r.nextInt(IDS.size()));
    if (r.nextInt(4) == 0) {
      return Record.tombstone(id, key(r), r.nextInt(100), 1_000_000);
    }
    byte[] v = new byte[r.nextInt(64)];
    r.nextBytes(v);
    return Record.create(id, key(r), v, words(r), r.nextInt(100), 1_000_000);
  }

  /** Up to {@code max} elements. */
  public static <T> List<T> list(Random r, int max, Function<Random, T> each) {
    List<T> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      out.add(each.apply(r));
    }
    return out;
  }

  /** Valid messages from {@code sample} encode to their declared size and decode back to equal values. */
  public static void checkRoundTrip(Function<Random, Message> sample) {
    qt().forAll(longs().all()).checkAssert(seed -> {
      Message m = sample.apply(new Random(seed));
      byte[] bytes = m.toBytes();
      assertThat(m.encodedSize()).isEqualTo(bytes.length);
      assertThat(m.type().decode(new WireReader(bytes))).isEqualTo(m);
    });
  }

  /** Random bodies for every type decode or fail with {@link MalformedMessageException}. */
  public static void checkRandomBodies(List<MessageType<?>> types) {
    qt().forAll(integers().between(0, types.size() - 1),
            Generate.byteArrays(integers().between(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert((t, bytes) -> decodeOrMalformed(types.get(t), bytes));
  }

  /** Flipped, truncated and grown valid bodies decode or fail with {@link MalformedMessageException}, for every type. */
  public static void checkMutatedBodies(List<MessageType<?>> types, Function<Random, Message> sample) {
    qt().forAll(longs().all(), integers().between(0, 2), integers().allPositive()).checkAssert((seed, how, where) -> {
      Random r = new Random(seed);
      byte[] b = sample.apply(r).toBytes();
      byte[] mutated = switch (how) {
        case 0 -> b.length == 0 ? new byte[] {1} : flip(b, where % b.length, r);
        case 1 -> Arrays.copyOf(b, b.length == 0 ? 0 : where % b.length);
        default -> insert(b, b.length == 0 ? 0 : where % b.length, r);
      };
      for (MessageType<?> t : types) {
        decodeOrMalformed(t, mutated);
      }
    });
  }

  private static byte[] flip(byte[] b, int at, Random r) {
    byte[] c = b.clone();
    c[at] ^= (byte) (1 + r.nextInt(255));
    return c;
  }

  private static byte[] insert(byte[] b, int at, Random r) {
    byte[] c = new byte[b.length + 1];
    System.arraycopy(b, 0, c, 0, at);
    c[at] = (byte) r.nextInt(256);
    System.arraycopy(b, at, c, at + 1, b.length - at);
    return c;
  }

  private static void decodeOrMalformed(MessageType<?> t, byte[] bytes) {
    try {
      Message m = t.decode(new WireReader(bytes));
      assertThat(m.type()).isSameAs(t);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
