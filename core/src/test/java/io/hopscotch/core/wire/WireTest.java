package io.hopscotch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class WireTest {

  @Test
  void primitivesRoundTrip() {
    qt().forAll(SourceDSL.integers().allPositive(), SourceDSL.longs().all(), SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 50))
        .checkAssert((i, l, s) -> {
          WireWriter w = new WireWriter();
          Peer p = new Peer(Key.sha1(s), Address.of("h" + s.length(), i % 65536));
          w.writeVarInt(i).writeLong(l).writeString(s).writePeer(p).writeBoolean(true);
          WireReader r = new WireReader(w.toByteArray());
          assertThat(r.readVarInt()).isEqualTo(i);
          assertThat(r.readLong()).isEqualTo(l);
          assertThat(r.readString(1000)).isEqualTo(s);
          assertThat(r.readPeer()).isEqualTo(p);
          assertThat(r.readBoolean()).isTrue();
          r.expectEnd("test");
          WireWriter c = WireWriter.counting();
          c.writeVarInt(i).writeLong(l).writeString(s).writePeer(p).writeBoolean(true);
          assertThat(c.size()).isEqualTo(w.size());
        });
  }

  @Test
  void readerRefusesOverlongLengthsWithoutAllocating() {
    WireWriter w = new WireWriter().writeVarInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new WireReader(w.toByteArray()).readBytes(1 << 20))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("exceeds the limit");
    assertThatThrownBy(() -> new WireReader(new byte[] {5, 1}).readBytes(100))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> new WireReader(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}).readVarInt())
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> new WireReader(new byte[] {1, (byte) 0xc3, 0x28}).readString(10))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButMalformed() {
    qt().forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 255)).ofSizeBetween(0, 64)).checkAssert(list -> {
      byte[] b = new byte[list.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) list.get(i);
      }
      try {
        WireReader r = new WireReader(b);
        r.readPeer();
        r.readList(100, WireReader::readKey);
        r.expectEnd("x");
      } catch (MalformedMessageException expected) {
        // fine
      }
    });
  }

  @Test
  void registryRefusesCollisionsAndUnknownIds() {
    MessageType<Message> a = MessageType.of(100, "a", in -> null);
    MessageType<Message> b = MessageType.of(100, "b", in -> null);
    assertThatThrownBy(() -> MessageRegistry.of(java.util.List.of(a, b))).hasMessageContaining("share id 100");
    assertThatThrownBy(() -> MessageRegistry.of(java.util.List.of(a)).decode(7, new byte[0], 0, 0))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("unknown message type 7");
  }
}
