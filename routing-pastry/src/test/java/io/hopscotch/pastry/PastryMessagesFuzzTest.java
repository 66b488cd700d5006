package io.hopscotch.pastry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.sim.SimulatedSigner;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.pastry.PastryMessages.Mode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every Pastry decoder: valid messages round-trip; random and mutated bytes decode or fail cleanly. */
class PastryMessagesFuzzTest {

  private static final long QT_SEED = 20_011_106L;

  private static List<Message> samples() {
    SimulatedSigner signer = SimulatedSigner.of(7, 3);
    Peer a = new Peer(Key.sha1("a"), Address.of("127.0.0.1", 4000));
    Peer b = new Peer(Key.sha1("b"), Address.of("sim-2", 1));
    Record r = Record.create(signer, Key.sha1("k"), "value".getBytes(StandardCharsets.UTF_8), List.of("blue", "moon"), 5, 1_000_000);
    Record t = Record.tombstone(signer, Key.sha1("k"), 6, 2_000_000);
    List<Message> out = new ArrayList<>();
    for (Mode m : Mode.values()) {
      out.add(new PastryMessages.RouteRequest(Key.sha1("key"), m, List.of(a.id(), b.id())));
    }
    out.add(new PastryMessages.RouteReply(a, false, List.of(b), List.of(a, b), List.of()));
    out.add(new PastryMessages.RouteReply(b, true, List.of(), List.of(), List.of(r, t)));
    out.add(new PastryMessages.StoreRequest(List.of(r, t), true));
    out.add(new PastryMessages.StoreReply(2));
    out.add(new PastryMessages.LeafSetRequest());
    out.add(new PastryMessages.PeerList(PastryMessages.LEAF_SET, List.of(a, b)));
    out.add(new PastryMessages.PeerList(PastryMessages.ROW, List.of(b)));
    out.add(new PastryMessages.Announce());
    out.add(new PastryMessages.RowRequest(3));
    out.add(new PastryMessages.Failed(b));
    out.add(new PastryMessages.Leave(List.of(a, b)));
    out.add(new PastryMessages.NeighbourhoodRequest());
    out.add(new PastryMessages.PeerList(PastryMessages.NEIGHBOURHOOD, List.of(a, b)));
    return out;
  }

  @Test
  void everyTypeHasASampleAndIdsStayInPastrysRange() {
    List<Integer> sampled = samples().stream().map(m -> m.type().id()).distinct().sorted().toList();
    List<Integer> declared = PastryMessages.types().stream().map(MessageType::id).sorted().toList();
    assertThat(sampled).isEqualTo(declared);
    assertThat(declared).allMatch(id -> id >= 200 && id <= 249);
  }

  @Test
  void validMessagesRoundTripAndKnowTheirSize() {
    for (Message m : samples()) {
      byte[] bytes = m.toBytes();
      assertThat(m.encodedSize()).as("size of %s", m.type()).isEqualTo(bytes.length);
      Message back = m.type().decode(new WireReader(bytes));
      assertThat(back.toBytes()).as("round trip of %s", m.type()).isEqualTo(bytes);
    }
  }

  @Test
  void mutatedMessagesDecodeOrFailAsMalformed() {
    List<Message> samples = samples();
    qt().withFixedSeed(QT_SEED).withExamples(3000)
        .forAll(integers().between(0, samples.size() - 1), longs().all(), integers().between(0, 3))
        .checkAssert((which, seed, how) -> {
          Message m = samples.get(which);
          byte[] bytes = mutate(m.toBytes(), new Random(seed), how);
          decodeOrMalformed(m.type(), bytes);
        });
  }

  @Test
  void randomBytesDecodeOrFailAsMalformed() {
    qt().withFixedSeed(QT_SEED).withExamples(3000)
        .forAll(integers().between(0, PastryMessages.types().size() - 1), longs().all(), integers().between(0, 200))
        .checkAssert((which, seed, length) -> {
          byte[] bytes = new byte[length];
          new Random(seed).nextBytes(bytes);
          decodeOrMalformed(PastryMessages.types().get(which), bytes);
        });
  }

  @Test
  void truncatedAndPaddedMessagesAreMalformed() {
    for (Message m : samples()) {
      byte[] bytes = m.toBytes();
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> m.type().decode(new WireReader(longer))).isInstanceOf(MalformedMessageException.class);
      if (bytes.length > 0) {
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> m.type().decode(new WireReader(shorter))).isInstanceOf(MalformedMessageException.class);
      }
    }
  }

  private static void decodeOrMalformed(MessageType<?> type, byte[] bytes) {
    try {
      Message m = type.decode(new WireReader(bytes));
      // Lengths may arrive in a non-canonical varint form, so compare the canonical re-encodings.
      byte[] canonical = m.toBytes();
      assertThat(type.decode(new WireReader(canonical)).toBytes()).as("re-encoding of a decoded %s", type).isEqualTo(canonical);
    } catch (MalformedMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static byte[] mutate(byte[] in, Random r, int how) {
    byte[] b = in.clone();
    switch (how) {
      case 0 -> { // flip a few bytes
        for (int i = 0; i < 1 + r.nextInt(4) && b.length > 0; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
      case 2 -> { // insert random bytes
        int at = r.nextInt(b.length + 1);
        byte[] extra = new byte[1 + r.nextInt(8)];
        r.nextBytes(extra);
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        b = out;
      }
      default -> { // set a byte to an extreme value (lengths, counts, booleans, modes)
        if (b.length > 0) {
          b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0xff : 0x7f);
        }
      }
    }
    return b;
  }
}
