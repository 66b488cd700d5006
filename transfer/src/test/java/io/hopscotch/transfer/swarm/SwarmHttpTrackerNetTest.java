package io.hopscotch.transfer.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.net.NetworkNode;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.StandalonePeer;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's swarm and HTTP trackers, on real nodes over loopback: one node hosts the standard tracker
 * ({@code tracker-port}), another publishes with that tracker's URL, and a node that shares no overlay
 * with it, as well as a plain BitTorrent peer given only the {@code .torrent}, find the publisher
 * through the tracker alone and end byte-identical.
 */
class SwarmHttpTrackerNetTest {

  private static final long WAIT_SECONDS = 30;
  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Node n : nodes) {
      n.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A started node running the swarm alone, in the overlay that {@code directory} stands for. */
  private SwarmTransfer swarmNode(Map<Key, Map<Key, Record>> directory, Map<String, String> swarmOptions) throws Exception {
    NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0).setTransfer("swarm").setTransferOption("piece-length", "65536");
    swarmOptions.forEach(o::setTransferOption);
    SwarmTransfer t = (SwarmTransfer) new SwarmTransferProvider().create(StrategyOptions.of(o.getTransferOptions()));
    Node n = NetworkNode.create(o, new SharedDirectoryRouting(directory), t);
    nodes.add(n);
    await(n.start());
    await(n.join(List.of()));
    return t;
  }

  @Test
  void aNodeAndAPlainPeerFindAPublisherThroughAnotherNodesTrackerAlone() throws Exception {
    // three overlays that share nothing: only the tracker connects them
    SwarmTransfer trackerNode = swarmNode(new HashMap<>(), Map.of("tracker-port", "0"));
    String url = await(trackerNode.hostedTracker());
    assertThat(url).startsWith("http://127.0.0.1:").endsWith("/announce");
    SwarmTransfer publisherSwarm = swarmNode(new HashMap<>(), Map.of("trackers", url));
    Node publisher = nodes.get(1);
    swarmNode(new HashMap<>(), Map.of());
    Node fetcher = nodes.get(2);

    byte[] data = new byte[1_200_000];
    new Random(21).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("src")).resolve("map.tiles");
    Files.write(source, data);
    ContentInfo info = await(publisher.publish(source));
    Metainfo meta = SwarmTransfer.metainfoOf(info);
    assertThat(meta.trackers()).as("the content info keeps the trackers").containsExactly(url);
    assertThat(publisherSwarm.hostedTracker().failed()).isTrue();

    Path got = await(fetcher.fetch(info, dir.resolve("node")));
    assertThat(Files.mismatch(got, source)).isEqualTo(-1);

    Path torrent = dir.resolve("map.torrent");
    meta.write(torrent);
    Vertx vertx = Vertx.vertx();
    try {
      StandalonePeer plain = await(StandalonePeer.start(vertx, "127.0.0.1", 0, SwarmConfig.DEFAULTS));
      SwarmSession s = await(plain.add(Metainfo.read(torrent), dir.resolve("plain"), false, List.of(), p -> { }));
      await(plain.on(s::completion));
      assertThat(Files.mismatch(dir.resolve("plain").resolve("map.tiles"), source)).isEqualTo(-1);
      await(plain.close());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeHostingATrackerNamesItInWhatItPublishes() throws Exception {
    SwarmTransfer hosting = swarmNode(new HashMap<>(), Map.of("tracker-port", "0"));
    String url = await(hosting.hostedTracker());
    byte[] data = new byte[300_000];
    new Random(22).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("src")).resolve("slides.pdf");
    Files.write(source, data);
    ContentInfo info = await(nodes.get(0).publish(source));
    assertThat(SwarmTransfer.metainfoOf(info).trackers()).containsExactly(url);

    // a plain peer with the .torrent alone finds the node through the node's own tracker
    Vertx vertx = Vertx.vertx();
    try {
      StandalonePeer plain = await(StandalonePeer.start(vertx, "127.0.0.1", 0, SwarmConfig.DEFAULTS));
      SwarmSession s = await(plain.add(SwarmTransfer.metainfoOf(info), dir.resolve("plain"), false, List.of(), p -> { }));
      await(plain.on(s::completion));
      assertThat(Files.mismatch(dir.resolve("plain").resolve("slides.pdf"), source)).isEqualTo(-1);
      await(plain.close());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void contentInfoCarriesTheTrackersAndABareInfoDictionaryStillReads() throws Exception {
    byte[] data = new byte[100_000];
    new Random(23).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("src")).resolve("a.bin");
    Files.write(source, data);
    Metainfo with = Metainfo.create(source, 16 * 1024, List.of("http://127.0.0.1:1/announce", "http://127.0.0.2:1/announce"));
    Metainfo back = SwarmTransfer.metainfoOf(SwarmTransfer.contentInfo(with));
    assertThat(back.trackers()).isEqualTo(with.trackers());
    assertThat(back.infoHash()).isEqualTo(with.infoHash());
    Metainfo without = with.withTrackers(List.of());
    ContentInfo bare = SwarmTransfer.contentInfo(without);
    assertThat(bare.metadata()).isEqualTo(without.infoBytes());
    assertThat(SwarmTransfer.metainfoOf(bare).trackers()).isEmpty();
    ContentInfo lying = new ContentInfo(Key.sha1("other"), "a.bin", 100_000, "swarm", with.toTorrent());
    assertThatThrownBy(() -> SwarmTransfer.metainfoOf(lying)).hasMessageContaining("not its id");
  }

  @Test
  void aTakenTrackerPortFailsWithAReasonAndTheSwarmStillWorks() throws Exception {
    SwarmTransfer first = swarmNode(new HashMap<>(), Map.of("tracker-port", "0"));
    int port = Integer.parseInt(await(first.hostedTracker()).replaceAll(".*:(\\d+)/announce", "$1"));
    SwarmTransfer second = swarmNode(new HashMap<>(), Map.of("tracker-port", Integer.toString(port)));
    assertThatThrownBy(() -> await(second.hostedTracker())).hasMessageContaining("cannot host the HTTP tracker on 127.0.0.1:" + port);
    byte[] data = new byte[100_000];
    new Random(24).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("src")).resolve("b.bin");
    Files.write(source, data);
    assertThat(SwarmTransfer.metainfoOf(await(nodes.get(1).publish(source))).trackers()).isEmpty();
  }
}
