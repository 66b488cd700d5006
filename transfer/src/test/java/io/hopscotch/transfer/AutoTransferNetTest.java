package io.hopscotch.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.impl.SizeRoutedTransfer;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.net.NetworkNode;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.transfer.direct.DirectTransfer;
import io.hopscotch.transfer.swarm.SwarmTransfer;
import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import io.vertx.core.Future;
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
 * The default transfer {@code auto} on real nodes (TLS overlay on loopback): small files are published
 * and fetched directly, large ones and directories by swarm, each fetched by the name the content
 * info records; the swarm's port opens only on nodes that move large content. Nodes that name one
 * transfer keep it.
 */
class AutoTransferNetTest {

  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final List<TransferStrategy> transfers = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Node n : nodes) {
      n.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private Path file(String name, int size, long seed) throws Exception {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Path p = Files.createDirectories(dir.resolve("src")).resolve(name);
    Files.write(p, data);
    return p;
  }

  @Test
  void smallContentGoesDirectAndLargeContentBySwarmAndBothAreFetched() throws Exception {
    Map<Key, Map<Key, Record>> directory = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0).setSwarmThresholdBytes(1024 * 1024)
          .setTransferOption("swarm.piece-length", "65536");
      assertThat(o.getTransfer()).isEqualTo(NodeOptions.AUTO_TRANSFER);
      TransferStrategy t = Strategies.newTransfer(o);
      assertThat(t).isInstanceOf(SizeRoutedTransfer.class);
      Node n = NetworkNode.create(o, new SharedDirectoryRouting(directory), t);
      await(n.start());
      await(n.join(List.of()));
      nodes.add(n);
      transfers.add(t);
    }
    Path small = file("note.txt", 100_000, 1);
    Path large = file("video.mkv", 1_500_000, 2);
    ContentInfo smallInfo = await(nodes.get(0).publish(small));
    ContentInfo largeInfo = await(nodes.get(0).publish(large));
    assertThat(smallInfo.transfer()).isEqualTo("direct");
    assertThat(largeInfo.transfer()).isEqualTo("swarm");

    assertThat(Files.mismatch(await(nodes.get(1).fetch(smallInfo, dir.resolve("one"))), small)).isEqualTo(-1);
    assertThat(swarmPort(1)).as("a node that moved only small content never opened the swarm's port").isZero();
    assertThat(Files.mismatch(await(nodes.get(1).fetch(largeInfo, dir.resolve("one"))), large)).isEqualTo(-1);
    assertThat(swarmPort(1)).isPositive();
    assertThat(Files.mismatch(await(nodes.get(2).fetch(largeInfo, dir.resolve("two"))), large)).isEqualTo(-1);
    assertThat(Files.mismatch(await(nodes.get(2).fetch(smallInfo, dir.resolve("two"))), small)).isEqualTo(-1);

    // a directory goes by swarm whatever its size
    Path folder = Files.createDirectories(dir.resolve("src/album"));
    Files.write(folder.resolve("a.txt"), new byte[] {1, 2, 3});
    assertThat(await(nodes.get(0).publish(folder)).transfer()).isEqualTo("swarm");
  }

  private int swarmPort(int node) {
    return ((SwarmTransfer) ((SizeRoutedTransfer) transfers.get(node)).large()).port();
  }

  @Test
  void aNodeThatNamesOneTransferKeepsItAndAutoOptionsArePrefixed() {
    assertThat(Strategies.newTransfer(new NodeOptions().setTransfer("direct"))).isInstanceOf(DirectTransfer.class);
    assertThat(Strategies.newTransfer(new NodeOptions().setTransfer("swarm"))).isInstanceOf(SwarmTransfer.class);
    assertThat(Strategies.newTransfer(new NodeOptions().setTransfer("none"))).isNull();
    assertThat(((SizeRoutedTransfer) Strategies.newTransfer(new NodeOptions())).thresholdBytes())
        .isEqualTo(NodeOptions.DEFAULT_SWARM_THRESHOLD_BYTES);
    assertThatThrownBy(() -> Strategies.newTransfer(new NodeOptions().setTransferOption("window", "8")))
        .hasMessageContaining("prefixed by the transfer they are for").hasMessageContaining("'window'");
    assertThatThrownBy(() -> Strategies.newTransfer(new NodeOptions().setTransferOption("direct.nonsense", "8")))
        .hasMessageContaining("nonsense");
    assertThatThrownBy(() -> new NodeOptions().setSwarmThresholdBytes(-1)).hasMessageContaining("swarmThresholdBytes");
  }

  @Test
  void contentOfATransferTheNodeDoesNotRunFailsWithTheReason() throws Exception {
    NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0);
    Node n = NetworkNode.create(o, new SharedDirectoryRouting(new HashMap<>()), Strategies.newTransfer(o));
    nodes.add(n);
    await(n.start());
    ContentInfo odd = new ContentInfo(Key.sha1("x"), "x.bin", 10, "carrier-pigeon", null);
    assertThatThrownBy(() -> await(n.fetch(odd, dir.resolve("x"))))
        .hasMessageContaining("served by transfer 'carrier-pigeon'").hasMessageContaining("'direct' and 'swarm'");
  }
}
