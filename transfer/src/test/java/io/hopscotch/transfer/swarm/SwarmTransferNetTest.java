package io.hopscotch.transfer.swarm;

import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.net.NetworkNode;
import io.hopscotch.core.spi.StrategyOptions;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm from the service loader on real nodes (TLS overlay on loopback): the tracker role goes
 * through the node's routing, the pieces over the swarm's own plain TCP port on the node's event loop.
 */
class SwarmTransferNetTest {

  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Node n : nodes) {
      n.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void nodesPublishAndFetchThroughTheProvider() throws Exception {
    Map<Key, Map<Key, Record>> directory = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0).setTransfer("swarm")
          .setTransferOption("piece-length", "65536");
      Node n = NetworkNode.create(o, new SharedDirectoryRouting(directory),
          new SwarmTransferProvider().create(StrategyOptions.of(o.getTransferOptions())));
      await(n.start());
      await(n.join(List.of()));
      nodes.add(n);
    }
    byte[] data = new byte[2_000_000];
    new Random(9).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("lecture.mp4");
    Files.write(src, data);
    ContentInfo info = await(nodes.get(0).publish(src));
    assertThat(info.transfer()).isEqualTo("swarm");
    List<TransferProgress> events = new CopyOnWriteArrayList<>();
    Future<java.nio.file.Path> a = nodes.get(1).fetch(info, dir.resolve("a"), events::add);
    Future<java.nio.file.Path> b = nodes.get(2).fetch(info, dir.resolve("b"));
    assertThat(Files.mismatch(await(a), src)).isEqualTo(-1);
    assertThat(Files.mismatch(await(b), src)).isEqualTo(-1);
    assertThat(events.get(events.size() - 1).piecesDone()).isEqualTo(SwarmTransfer.metainfoOf(info).pieceCount());
  }
}
