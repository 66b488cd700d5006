package io.hopscotch.search.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.search.flooding.Descriptor;
import io.hopscotch.search.flooding.FloodingMessages.HitItem;
import io.hopscotch.search.testing.WireSamples;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every supernode decoder decodes valid messages back to equal values and meets garbage with MalformedMessageException only. */
class SupernodeMessagesTest {

  private static final List<MessageType<?>> TYPES = SupernodeMessages.types();

  private static HitItem item(Random r) {
    return new HitItem(WireSamples.key(r), WireSamples.words(r), r.nextInt(1 << 20));
  }

  private static SupernodeMessages.Result result(Random r) {
    return new SupernodeMessages.Result(item(r), WireSamples.peer(r), r.nextBoolean(), WireSamples.peer(r), r.nextInt(256));
  }

  private static Descriptor descriptor(Random r) {
    return new Descriptor(Descriptor.Id.random(r), r.nextInt(256), r.nextInt(256));
  }

  static Message message(Random r) {
    boolean byKey = r.nextBoolean();
    return switch (r.nextInt(23)) {
      case 0 -> new SupernodeMessages.HelloRequest();
      case 1 -> new SupernodeMessages.HelloResponse(WireSamples.peer(r), r.nextBoolean(), WireSamples.list(r, 4, WireSamples::peer));
      case 2 -> new SupernodeMessages.AttachRequest(r.nextInt(1001), r.nextBoolean(), WireSamples.list(r, 4, SupernodeMessagesTest::item));
      case 3 -> new SupernodeMessages.AttachResponse(r.nextBoolean(), WireSamples.peer(r), WireSamples.list(r, 4, WireSamples::peer));
      case 4 -> new SupernodeMessages.ListingRequest(WireSamples.list(r, 4, SupernodeMessagesTest::item), WireSamples.list(r, 4, WireSamples::key));
      case 5 -> new SupernodeMessages.ListingResponse(r.nextBoolean(), r.nextInt(100_000));
      case 6 -> new SupernodeMessages.KeepAliveRequest(r.nextInt(1001));
      case 7 -> new SupernodeMessages.KeepAliveResponse(r.nextBoolean(), WireSamples.list(r, 4, WireSamples::peer),
          WireSamples.list(r, 4, WireSamples::peer));
      case 8 -> new SupernodeMessages.SearchRequest(byKey ? WireSamples.key(r) : null, byKey ? List.of() : WireSamples.someWords(r),
          r.nextInt(SupernodeMessages.MAX_RESULTS + 1), r.nextInt(100_000));
      case 9 -> new SupernodeMessages.SearchResponse(WireSamples.list(r, 4, SupernodeMessagesTest::result));
      case 10 -> new SupernodeMessages.LinkRequest();
      case 11 -> new SupernodeMessages.LinkResponse(r.nextBoolean(), WireSamples.peer(r), WireSamples.list(r, 4, WireSamples::peer));
      case 12 -> new SupernodeMessages.SupernodePing(WireSamples.list(r, 4, WireSamples::peer));
      case 13 -> new SupernodeMessages.Query(descriptor(r), byKey ? WireSamples.key(r) : null, byKey ? List.of() : WireSamples.someWords(r));
      case 14 -> new SupernodeMessages.QueryHit(descriptor(r), r.nextInt(257), WireSamples.list(r, 4, SupernodeMessagesTest::result));
      case 15 -> new SupernodeMessages.PromoteRequest(WireSamples.list(r, 4, WireSamples::peer));
      case 16 -> new SupernodeMessages.PromoteResponse(r.nextBoolean());
      case 17 -> new SupernodeMessages.Move(WireSamples.peer(r));
      case 18 -> new SupernodeMessages.FetchRequest(WireSamples.key(r));
      case 19 -> new SupernodeMessages.FetchResponse(WireSamples.list(r, 3, WireSamples::record));
      case 20 -> new SupernodeMessages.RelayFetchRequest(WireSamples.key(r), WireSamples.peer(r));
      case 21 -> new SupernodeMessages.Bye();
      default -> new SupernodeMessages.Unlink();
    };
  }

  @Test
  void idsAreInTheSupernodeRange() {
    assertThat(TYPES).allSatisfy(t -> assertThat(t.id()).isBetween(340, 379));
    assertThat(TYPES.stream().map(MessageType::id).distinct()).hasSize(TYPES.size());
  }

  @Test
  void validMessagesRoundTrip() {
    WireSamples.checkRoundTrip(SupernodeMessagesTest::message);
  }

  @Test
  void randomBytesDecodeOrAreMalformed() {
    WireSamples.checkRandomBodies(TYPES);
  }

  @Test
  void mutatedMessagesDecodeOrAreMalformed() {
    WireSamples.checkMutatedBodies(TYPES, SupernodeMessagesTest::message);
  }

  @Test
  void scoreIsZeroBehindAFirewallAndGrowsWithUptime() {
    assertThat(new ParticipationScore(1_000_000, 1_000_000, 100, false).value(600_000, 20)).isZero();
    double young = new ParticipationScore(0, 1_000_000, 40, true).value(600_000, 20);
    double old = new ParticipationScore(600_000, 1_000_000, 40, true).value(600_000, 20);
    assertThat(young).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(old).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void scoreFallsWithTheMeasuredLoadAndAYoungNodeIsBelowTheDefaultThreshold() {
    SupernodeOptions o = SupernodeOptions.parse(io.hopscotch.core.spi.StrategyOptions.of(java.util.Map.of()));
    org.assertj.core.data.Offset<Double> eps = org.assertj.core.data.Offset.offset(1e-9);
    assertThat(new ParticipationScore(0, 1_000_000, 80, true, 0).value(600_000, 20)).isEqualTo(0.6, eps).isLessThan(o.threshold());
    assertThat(new ParticipationScore(150_000, 1_000_000, 80, true, 0).value(600_000, 20)).isEqualTo(0.7, eps);
    assertThat(new ParticipationScore(600_000, 1_000_000, 80, true, 0.5).value(600_000, 20)).isEqualTo(0.5, eps);
    assertThat(new ParticipationScore(600_000, 1_000_000, 80, true, 0.7).value(600_000, 20)).isLessThan(o.demoteThreshold());
    assertThat(new ParticipationScore(0, 1_000_000, 80, true, 0.5).value(600_000, 20)).isLessThan(o.demoteThreshold());
    assertThat(new ParticipationScore(600_000, 1_000_000, 80, true, 3).value(600_000, 20)).isZero();
  }
}
