package io.hopscotch.transfer.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** Codecs of the direct transfer: round trips, and garbage meets MalformedMessageException only. */
class DirectMessagesTest {

  private static final List<MessageType<?>> TYPES = DirectMessages.types();

  private static Key key(Random r) {
    byte[] b = new byte[Key.BYTES];
    r.nextBytes(b);
    return Key.fromBytes(b);
  }

  private static Message message(Random r) {
    if (r.nextBoolean()) {
      return new DirectMessages.ChunkRequest(key(r), r.nextLong() & Long.MAX_VALUE, r.nextInt(DirectMessages.MAX_CHUNK_BYTES + 1));
    }
    byte[] data = new byte[r.nextInt(300)];
    r.nextBytes(data);
    return new DirectMessages.ChunkResponse(key(r), r.nextLong() & Long.MAX_VALUE, data);
  }

  @Test
  void idsAreInTheDirectRange() {
    assertThat(TYPES).allSatisfy(t -> assertThat(t.id()).isBetween(400, 449));
  }

  @Test
  void validMessagesRoundTrip() {
    qt().forAll(longs().all()).checkAssert(seed -> {
      Message m = message(new Random(seed));
      byte[] b = m.toBytes();
      assertThat(m.encodedSize()).isEqualTo(b.length);
      assertThat(m.type().decode(new WireReader(b))).isEqualTo(m);
    });
  }

  @Test
  void randomAndMutatedBytesDecodeOrAreMalformed() {
    qt().forAll(integers().between(0, TYPES.size() - 1),
            Generate.byteArrays(integers().between(0, 200), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert((t, bytes) -> decodeOrMalformed(TYPES.get(t), bytes));
    qt().forAll(longs().all(), integers().allPositive()).checkAssert((seed, where) -> {
      Random r = new Random(seed);
      byte[] b = message(r).toBytes();
      byte[] cut = Arrays.copyOf(b, where % b.length);
      byte[] flipped = b.clone();
      flipped[where % b.length] ^= (byte) (1 + r.nextInt(255));
      for (MessageType<?> t : TYPES) {
        decodeOrMalformed(t, cut);
        decodeOrMalformed(t, flipped);
      }
    });
  }

  private static void decodeOrMalformed(MessageType<?> t, byte[] bytes) {
    try {
      assertThat(t.decode(new WireReader(bytes)).type()).isSameAs(t);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void holderDescriptorsRoundTripAndRejectGarbage() {
    HolderDescriptor d = new HolderDescriptor(new Peer(Key.sha1("n"), new Address("127.0.0.1", 9000)), 1234, "song.ogg");
    assertThat(HolderDescriptor.decode(d.encode())).isEqualTo(d);
    assertThatThrownBy(() -> HolderDescriptor.decode("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
    qt().forAll(Generate.byteArrays(integers().between(0, 100), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert(bytes -> {
          try {
            HolderDescriptor.decode(bytes);
          } catch (MalformedMessageException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        });
  }

  @Test
  void optionsAreCheckedByName() {
    assertThat(DirectOptions.parse(StrategyOptions.empty())).isEqualTo(new DirectOptions(256 * 1024, 4, 16_384, 3_600_000));
    assertThatThrownBy(() -> DirectOptions.parse(StrategyOptions.of(Map.of("chunk-size", "1"))))
        .hasMessageContaining("unknown option 'chunk-size'");
    assertThatThrownBy(() -> DirectOptions.parse(StrategyOptions.of(Map.of("window", "0"))))
        .hasMessageContaining("window");
    assertThat(new DirectTransferProvider().create(StrategyOptions.empty()).name()).isEqualTo("direct");
  }
}
