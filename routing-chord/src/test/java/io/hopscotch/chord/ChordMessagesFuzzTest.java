package io.hopscotch.chord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.sim.SimulatedSigner;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Chord decoder: valid messages round-trip; random and mutated bytes decode or fail with MalformedMessageException. */
class ChordMessagesFuzzTest {

  private static final Peer HOST = new Peer(Key.sha1("host"), new Address("127.0.0.1", 4000));
  private static final Contact A = new Contact(HOST.id(), HOST);
  private static final Contact B = new Contact(Key.sha1("virtual"), HOST);
  private static final Record REC = Record.create(SimulatedSigner.of(1, 1), Key.sha1("k"), new byte[] {1, 2, 3}, List.of("blue"), 5, Long.MAX_VALUE);

  static List<Message> samples() {
    return List.of(
        new ChordMessages.FindRequest(null, Key.sha1("x")),
        new ChordMessages.FindRequest(A.id(), Key.sha1("x")),
        new ChordMessages.FindRequest(A.id(), Key.sha1("x"), List.of(B.id(), Key.sha1("d"))),
        new ChordMessages.FindReply(A, true, List.of(A, B)),
        new ChordMessages.RecursiveRequest(B.id(), Key.sha1("y"), true, 900, List.of(A)),
        new ChordMessages.RecursiveReply(List.of(A, B), List.of(B), List.of(REC)),
        new ChordMessages.StabilizeRequest(A.id(), B),
        new ChordMessages.StabilizeReply(null, List.of(A)),
        new ChordMessages.StabilizeReply(B, List.of()),
        new ChordMessages.PingRequest(A.id()),
        new ChordMessages.PingReply(),
        new ChordMessages.StoreRequest(A.id(), true, 3, List.of(REC)),
        new ChordMessages.StoreReply(7),
        new ChordMessages.FetchRequest(A.id(), Key.sha1("z")),
        new ChordMessages.FetchReply(List.of(REC), B),
        new ChordMessages.FetchReply(List.of(), null, true),
        new ChordMessages.FingersRequest(B.id()),
        new ChordMessages.FingersReply(List.of(A, B)),
        new ChordMessages.DigestRequest(A.id(), List.of(new ChordMessages.DigestEntry(REC.key(), REC.publisher(), 5))),
        new ChordMessages.DigestReply(List.of(0, 3), List.of(A), null),
        new ChordMessages.LeaveNotice(A.id(), B, A, List.of(B)),
        new ChordMessages.JoinHint(A.id(), B));
  }

  @Test
  void everyTypeHasAnIdInChordsRangeAndEverySampleRoundTrips() {
    for (MessageType<?> t : ChordMessages.types()) {
      assertThat(t.id()).isBetween(150, 199);
    }
    assertThat(samples().stream().map(Message::type).distinct()).hasSize(ChordMessages.types().size());
    for (Message m : samples()) {
      byte[] bytes = m.toBytes();
      assertThat(bytes).hasSize(m.encodedSize());
      Message back = m.type().decode(new WireReader(bytes));
      assertThat(back.toBytes()).as("re-encoding of %s", m.type()).isEqualTo(bytes);
      if (!(m instanceof ChordMessages.RecursiveReply || m instanceof ChordMessages.StoreRequest || m instanceof ChordMessages.FetchReply)) {
        assertThat(back).isEqualTo(m);
      }
    }
  }

  @Test
  void aFindRequestNamesAtMostMaxDeadContacts() {
    List<Key> full = java.util.stream.IntStream.range(0, ChordMessages.MAX_DEAD).mapToObj(i -> Key.sha1("dead" + i)).toList();
    byte[] b = new ChordMessages.FindRequest(A.id(), Key.sha1("x"), full).toBytes();
    int countAt = 1 + Key.BYTES + Key.BYTES;
    assertThat(b[countAt]).isEqualTo((byte) ChordMessages.MAX_DEAD);
    byte[] over = java.util.Arrays.copyOf(b, b.length + Key.BYTES);
    over[countAt] = (byte) (ChordMessages.MAX_DEAD + 1);
    assertThatThrownBy(() -> ChordMessages.FindRequest.TYPE.decode(new WireReader(over))).isInstanceOf(MalformedMessageException.class);
    List<Key> tooMany = new java.util.ArrayList<>(full);
    tooMany.add(Key.sha1("one more"));
    assertThatThrownBy(() -> new ChordMessages.FindRequest(A.id(), Key.sha1("x"), tooMany))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit is " + ChordMessages.MAX_DEAD);
  }

  @Test
  void randomBytesDecodeOrAreMalformed() {
    qt().withExamples(2000)
        .forAll(integers().between(0, ChordMessages.types().size() - 1), lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
        .checkAssert((t, ints) -> decodeOrMalformed(ChordMessages.types().get(t), toBytes(ints)));
  }

  @Test
  void mutatedMessagesDecodeOrAreMalformed() {
    List<Message> samples = samples();
    qt().withExamples(3000)
        .forAll(integers().between(0, samples.size() - 1), integers().between(0, 10_000), integers().between(0, 255), integers().between(0, 3))
        .checkAssert((s, pos, value, mode) -> {
          Message m = samples.get(s);
          byte[] b = m.toBytes();
          byte[] mutated;
          if (mode == 0 && b.length > 0) { // overwrite one byte
            mutated = b.clone();
            mutated[pos % b.length] = (byte) (int) value;
          } else if (mode == 1) { // truncate
            mutated = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : pos % b.length);
          } else if (mode == 2) { // append
            mutated = java.util.Arrays.copyOf(b, b.length + 1 + pos % 8);
          } else { // flip a bit
            mutated = b.clone();
            if (b.length > 0) {
              mutated[pos % b.length] ^= (byte) (1 << (value % 8));
            }
          }
          decodeOrMalformed(m.type(), mutated);
        });
  }

  private static byte[] toBytes(List<Integer> ints) {
    byte[] b = new byte[ints.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) ints.get(i);
    }
    return b;
  }

  private static void decodeOrMalformed(MessageType<?> t, byte[] bytes) {
    try {
      Message m = t.decode(new WireReader(bytes));
      assertThat(m).isNotNull();
    } catch (MalformedMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
