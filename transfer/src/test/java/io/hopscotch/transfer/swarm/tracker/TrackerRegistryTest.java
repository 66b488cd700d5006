package io.hopscotch.transfer.swarm.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Announce parsing from raw query strings, compact and dictionary peer lists, expiry and failures. */
class TrackerRegistryTest {

  private static String query(Key hash, String peerId, int port, String extra) {
    return "info_hash=" + AnnounceRequest.percentEncode(hash.toBytes()) + "&peer_id="
        + AnnounceRequest.percentEncode(peerId.getBytes(StandardCharsets.US_ASCII)) + "&port=" + port + "&left=0" + extra;
  }

  @Test
  void rawInfoHashesSurvivePercentEncoding() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      byte[] b = new byte[20];
      new Random(seed).nextBytes(b);
      assertThat(AnnounceRequest.percentDecode(AnnounceRequest.percentEncode(b))).isEqualTo(b);
    });
  }

  @Test
  void announcesReturnTheOtherPeersCompactOrAsDictionaries() {
    TrackerRegistry reg = new TrackerRegistry(new Random(1));
    Key h = Key.sha1("t");
    reg.announce(AnnounceRequest.parse(query(h, "-AA0000-aaaaaaaaaaaa", 6881, "&event=started"), "127.0.0.1"), 0);
    byte[] body = reg.announce(AnnounceRequest.parse(query(h, "-BB0000-bbbbbbbbbbbb", 6882, ""), "127.0.0.2"), 1000);
    assertThat(AnnounceResponse.parse(body).peers()).containsExactly(new PeerAddress("127.0.0.1", 6881));
    byte[] full = reg.announce(AnnounceRequest.parse(query(h, "-CC0000-cccccccccccc", 6883, "&compact=0"), "10.0.0.3"), 2000);
    assertThat(AnnounceResponse.parse(full).peers()).containsExactlyInAnyOrder(new PeerAddress("127.0.0.1", 6881),
        new PeerAddress("127.0.0.2", 6882));
    reg.announce(AnnounceRequest.parse(query(h, "-AA0000-aaaaaaaaaaaa", 6881, "&event=stopped"), "127.0.0.1"), 3000);
    assertThat(reg.peers(h)).isEqualTo(2);
    // peers that stop announcing expire after two intervals
    reg.announce(AnnounceRequest.parse(query(h, "-DD0000-dddddddddddd", 6884, ""), "127.0.0.4"), 3000 + 2000L * TrackerRegistry.INTERVAL_SECONDS);
    assertThat(reg.peers(h)).isEqualTo(1);
  }

  @Test
  void malformedAnnouncesAreRefusedWithAReason() {
    assertThatThrownBy(() -> AnnounceRequest.parse("peer_id=x&port=1", "h")).hasMessageContaining("missing parameter info_hash");
    assertThatThrownBy(() -> AnnounceRequest.parse("info_hash=%41&peer_id=x&port=1", "h")).hasMessageContaining("20 bytes");
    assertThatThrownBy(() -> AnnounceRequest.parse(query(Key.sha1("t"), "-AA0000-aaaaaaaaaaaa", 0, ""), "h"))
        .hasMessageContaining("port must be");
    assertThatThrownBy(() -> AnnounceRequest.parse("info_hash=%4", "h")).hasMessageContaining("%-escape");
    assertThatThrownBy(() -> AnnounceResponse.parse(TrackerRegistry.failure("go away"))).hasMessageContaining("go away");
  }
}
