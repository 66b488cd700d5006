package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Download;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm whose tracker is a real routing strategy: nodes on loopback TLS running the {@code central}
 * overlay (one index server) and the default transfer; one publishes a file large enough for the
 * swarm, three others fetch it by its info-hash alone — peers and info dictionary come through the
 * overlay's index — and end with byte-identical files.
 */
class SwarmByInfoHashNetTest {

  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    // the index server last, so no client sees it go first
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private Node node(NodeOptions o, List<Address> bootstrap) throws Exception {
    Node n = Node.create(o.setHost("127.0.0.1").setPort(0).setSwarmThresholdBytes(1024 * 1024)
        .setTransferOption("swarm.piece-length", "65536"));
    nodes.add(n);
    await(n.start());
    await(n.join(bootstrap));
    return n;
  }

  @Test
  void leechersFetchByInfoHashThroughTheCentralIndex() throws Exception {
    Node index = node(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true"), List.of());
    List<Address> server = List.of(index.self().address());
    Node seeder = node(new NodeOptions().setRouting("central"), server);
    List<Node> leechers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leechers.add(node(new NodeOptions().setRouting("central"), server));
    }
    byte[] data = new byte[1_700_000];
    new Random(4).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("talk.webm");
    Files.write(src, data);
    ContentInfo info = await(seeder.publish(src));
    assertThat(info.transfer()).isEqualTo("swarm");

    List<Download> downloads = new ArrayList<>();
    for (int i = 0; i < leechers.size(); i++) {
      downloads.add(leechers.get(i).download(info.id(), dir.resolve("l" + i), p -> { }));
    }
    for (Download d : downloads) {
      Path got = await(d.result());
      assertThat(got.getFileName().toString()).isEqualTo("talk.webm");
      assertThat(Files.mismatch(got, src)).isEqualTo(-1);
    }
  }
}
