package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Peer;
import io.hopscotch.core.Signer;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** Every decoder decodes valid messages back to equal values and meets garbage with MalformedMessageException only. */
class KelipsMessagesTest {

  private static final List<MessageType<?>> TYPES = KelipsMessages.types();

  @Test
  void idsAreInTheKelipsRange() {
    assertThat(TYPES).allSatisfy(t -> assertThat(t.id()).isBetween(250, 299));
    assertThat(TYPES.stream().map(MessageType::id).distinct()).hasSize(TYPES.size());
    assertThat(TYPES.stream().map(MessageType::name).distinct()).hasSize(TYPES.size());
  }

  @Test
  void everyTypeHasASample() {
    Random r = new Random(7);
    java.util.Set<MessageType<?>> seen = new java.util.HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add(Samples.message(r).type());
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(TYPES);
  }

  @Test
  void validMessagesRoundTrip() {
    qt().forAll(longs().all()).checkAssert(seed -> {
      Message m = Samples.message(new Random(seed));
      byte[] bytes = m.toBytes();
      assertThat(m.encodedSize()).isEqualTo(bytes.length);
      Message back = m.type().decode(new WireReader(bytes));
      assertThat(back).isEqualTo(m);
    });
  }

  @Test
  void randomBytesDecodeOrAreMalformed() {
    qt().forAll(integers().between(0, TYPES.size() - 1),
            Generate.byteArrays(integers().between(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert((t, bytes) -> decodeOrMalformed(TYPES.get(t), bytes));
  }

  @Test
  void mutatedMessagesDecodeOrAreMalformed() {
    qt().forAll(longs().all(), integers().between(0, 2), integers().allPositive()).checkAssert((seed, how, where) -> {
      Random r = new Random(seed);
      Message m = Samples.message(r);
      byte[] b = m.toBytes();
      byte[] mutated = switch (how) {
        case 0 -> b.length == 0 ? new byte[] {1} : flip(b, where % b.length, r);
        case 1 -> Arrays.copyOf(b, b.length == 0 ? 0 : where % b.length);
        default -> insert(b, b.length == 0 ? 0 : where % b.length, r);
      };
      for (MessageType<?> t : TYPES) {
        decodeOrMalformed(t, mutated);
      }
    });
  }

  @Test
  void aTupleWhoseOwnerIsNotItsPublisherIsMalformed() {
    Random r = new Random(3);
    Signer s = Samples.signer(r);
    Tuple t = Tuple.of(Samples.record(r, s), new Peer(s.id(), Samples.peer(r).address()), true);
    WireWriter w = new WireWriter();
    Peer stranger = Samples.peer(r);
    w.writePeer(stranger).writeBoolean(true);
    t.record().write(w);
    assertThatThrownBy(() -> Tuple.read(new WireReader(w.toByteArray())))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not the publisher");
  }

  @Test
  void aLookupPointerMayNotCarryARecord() {
    Random r = new Random(4);
    Signer s = Samples.signer(r);
    Tuple inline = Tuple.of(Samples.record(r, s), new Peer(s.id(), Samples.peer(r).address()), true);
    WireWriter w = new WireWriter();
    w.writeVarInt(0).writeVarInt(1);
    inline.write(w);
    w.writeVarInt(0);
    assertThatThrownBy(() -> KelipsMessages.LookupResponse.TYPE.decode(new WireReader(w.toByteArray())))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("pointer");
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
