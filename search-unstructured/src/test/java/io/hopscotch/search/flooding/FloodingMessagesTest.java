package io.hopscotch.search.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import io.hopscotch.search.testing.WireSamples;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every flooding decoder decodes valid messages back to equal values and meets garbage with MalformedMessageException only. */
class FloodingMessagesTest {

  private static final List<MessageType<?>> TYPES = FloodingMessages.types();

  static Descriptor descriptor(Random r) {
    return new Descriptor(Descriptor.Id.random(r), r.nextInt(256), r.nextInt(256));
  }

  static FloodingMessages.HostEntry host(Random r) {
    return new FloodingMessages.HostEntry(WireSamples.peer(r), r.nextInt(100_000));
  }

  static FloodingMessages.HitItem item(Random r) {
    return new FloodingMessages.HitItem(WireSamples.key(r), WireSamples.words(r), r.nextInt(1 << 20));
  }

  static Message message(Random r) {
    return switch (r.nextInt(13)) {
      case 0 -> new FloodingMessages.ConnectRequest(r.nextBoolean());
      case 1 -> new FloodingMessages.ConnectResponse(r.nextBoolean(), WireSamples.peer(r), WireSamples.list(r, 5, FloodingMessagesTest::host));
      case 2 -> new FloodingMessages.Ping(descriptor(r));
      case 3 -> new FloodingMessages.Pong(descriptor(r), WireSamples.list(r, 5, FloodingMessagesTest::host));
      case 4 -> r.nextBoolean()
          ? new FloodingMessages.Query(descriptor(r), WireSamples.key(r), List.of(), r.nextBoolean())
          : new FloodingMessages.Query(descriptor(r), null, WireSamples.someWords(r), r.nextBoolean());
      case 5 -> new FloodingMessages.QueryHit(descriptor(r), WireSamples.peer(r), r.nextBoolean(), r.nextInt(256),
          WireSamples.list(r, 4, FloodingMessagesTest::item));
      case 6 -> new FloodingMessages.Push(descriptor(r), WireSamples.key(r), WireSamples.peer(r), WireSamples.key(r), r.nextLong());
      case 7 -> new FloodingMessages.PushDelivery(r.nextLong(), WireSamples.list(r, 3, WireSamples::record));
      case 8 -> new FloodingMessages.PushAck(r.nextBoolean());
      case 9 -> new FloodingMessages.FetchRequest(WireSamples.key(r));
      case 10 -> new FloodingMessages.FetchResponse(WireSamples.list(r, 3, WireSamples::record));
      case 11 -> new FloodingMessages.Bye();
      default -> new FloodingMessages.Unlink();
    };
  }

  @Test
  void idsAreInTheFloodingRange() {
    assertThat(TYPES).allSatisfy(t -> assertThat(t.id()).isBetween(300, 339));
    assertThat(TYPES.stream().map(MessageType::id).distinct()).hasSize(TYPES.size());
  }

  @Test
  void validMessagesRoundTrip() {
    WireSamples.checkRoundTrip(FloodingMessagesTest::message);
  }

  @Test
  void randomBytesDecodeOrAreMalformed() {
    WireSamples.checkRandomBodies(TYPES);
  }

  @Test
  void mutatedMessagesDecodeOrAreMalformed() {
    WireSamples.checkMutatedBodies(TYPES, FloodingMessagesTest::message);
  }

  @Test
  void aQueryWithBothKeyAndWordsIsMalformed() {
    WireWriter w = new WireWriter();
    descriptor(new Random(1)).write(w);
    w.writeBoolean(true).writeKey(WireSamples.key(new Random(2)));
    w.writeList(List.of("x"), WireWriter::writeString);
    w.writeBoolean(false);
    assertThatThrownBy(() -> FloodingMessages.Query.TYPE.decode(new WireReader(w.toByteArray())))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("either a key or keywords");
  }

  @Test
  void forwardingLowersTheTtlAndCountsTheHop() {
    Descriptor d = new Descriptor(Descriptor.Id.random(new Random(3)), 2, 5);
    assertThat(d.forwardable()).isTrue();
    Descriptor n = d.next();
    assertThat(n.ttl()).isEqualTo(1);
    assertThat(n.hops()).isEqualTo(6);
    assertThat(n.forwardable()).isFalse();
    assertThatThrownBy(n::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("may not be forwarded");
  }
}
