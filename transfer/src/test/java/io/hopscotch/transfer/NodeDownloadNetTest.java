package io.hopscotch.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.ContentNotFoundException;
import io.hopscotch.core.Download;
import io.hopscotch.core.FetchCancelledException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.impl.SizeRoutedTransfer;
import io.hopscotch.core.impl.Strategies;
import io.hopscotch.core.net.NetworkNode;
import io.hopscotch.core.spi.TransferStrategy;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Node#download} on real nodes (TLS overlay on loopback, default transfer {@code auto}): a
 * whole swarm fetching by info-hash alone through the overlay, the direct transfer fetching by
 * content SHA-1, an unknown id, and a download cancelled midway that resumes to a byte-identical file.
 */
class NodeDownloadNetTest {

  private static final int PIECE = 65536;

  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final List<TransferStrategy> transfers = new ArrayList<>();
  private final Map<Key, Map<Key, Record>> directory = new HashMap<>();

  @AfterEach
  void close() throws Exception {
    for (Node n : nodes) {
      n.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A started node running {@code auto} with 64 KiB pieces; {@code uploadCap} bytes/s of swarm upload, 0 for none. */
  private Node node(long uploadCap) throws Exception {
    NodeOptions o = new NodeOptions().setHost("127.0.0.1").setPort(0).setSwarmThresholdBytes(1024 * 1024)
        .setTransferOption("swarm.piece-length", Integer.toString(PIECE))
        .setTransferOption("swarm.upload-cap", Long.toString(uploadCap));
    TransferStrategy t = Strategies.newTransfer(o);
    Node n = NetworkNode.create(o, new SharedDirectoryRouting(directory), t);
    nodes.add(n);
    transfers.add(t);
    await(n.start());
    await(n.join(List.of()));
    return n;
  }

  private SwarmTransfer swarmOf(int node) {
    return (SwarmTransfer) ((SizeRoutedTransfer) transfers.get(node)).large();
  }

  private Path file(String name, int size, long seed) throws Exception {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Path p = Files.createDirectories(dir.resolve("src")).resolve(name);
    Files.write(p, data);
    return p;
  }

  @Test
  void aWholeSwarmFetchesByInfoHashAloneAndSmallContentBySha1() throws Exception {
    Node seeder = node(0);
    for (int i = 0; i < 3; i++) {
      node(0);
    }
    Path large = file("film.mkv", 1_500_000, 1);
    Path small = file("notes.txt", 70_000, 2);
    ContentInfo largeInfo = await(seeder.publish(large));
    ContentInfo smallInfo = await(seeder.publish(small));
    assertThat(largeInfo.transfer()).isEqualTo("swarm");
    assertThat(smallInfo.transfer()).isEqualTo("direct");

    List<Download> downloads = new ArrayList<>();
    List<List<TransferProgress>> events = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      List<TransferProgress> e = new CopyOnWriteArrayList<>();
      events.add(e);
      downloads.add(nodes.get(i).download(largeInfo.id(), dir.resolve("leecher" + i), e::add));
    }
    int pieces = SwarmTransfer.metainfoOf(largeInfo).pieceCount();
    for (int i = 0; i < 3; i++) {
      Path got = await(downloads.get(i).result());
      assertThat(got.getFileName().toString()).isEqualTo("film.mkv");
      assertThat(Files.mismatch(got, large)).isEqualTo(-1);
      assertThat(downloads.get(i).progress().piecesDone()).isEqualTo(pieces);
      assertThat(events.get(i)).isNotEmpty();
      assertThat(downloads.get(i).isCancelled()).isFalse();
    }

    Path gotSmall = await(nodes.get(1).fetch(smallInfo.id(), dir.resolve("small")));
    assertThat(gotSmall.getFileName().toString()).isEqualTo("notes.txt");
    assertThat(Files.mismatch(gotSmall, small)).isEqualTo(-1);

    Key unknown = Key.sha1("nobody has this");
    assertThatThrownBy(() -> await(nodes.get(2).fetch(unknown, dir.resolve("none"))))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ContentNotFoundException.class)
        .hasMessageContaining(unknown.toHex()).hasMessageContaining("'direct' or 'swarm'");
  }

  @Test
  void aCancelledDownloadStopsAndALaterOneResumesToAByteIdenticalFile() throws Exception {
    Node seeder = node(256 * 1024); // slow enough (8 s for the file) to cancel midway
    Node leecher = node(0);
    Node second = node(0);
    Path large = file("dataset.bin", 32 * PIECE, 3);
    ContentInfo info = await(seeder.publish(large));
    int pieces = SwarmTransfer.metainfoOf(info).pieceCount();

    AtomicReference<Download> handle = new AtomicReference<>();
    handle.set(leecher.download(info, dir.resolve("dl"), p -> {
      Download d = handle.get();
      if (d != null && p.piecesDone() >= 4) {
        d.cancel();
      }
    }));
    Download first = handle.get();
    assertThatThrownBy(() -> await(first.result())).hasCauseInstanceOf(FetchCancelledException.class)
        .hasMessageContaining("was cancelled");
    assertThat(first.isCancelled()).isTrue();
    int kept = first.progress().piecesDone();
    assertThat(kept).isBetween(4, pieces - 1);
    // stopped: no session, hence no peer connection, for the content on the leecher any more
    await(first.cancel());
    assertThat(swarmOf(1).session(info.id())).isNull();

    // a second, uncapped seeder of the same file (same pieces, same info-hash); the leecher resumes by id alone
    assertThat(await(second.publish(large)).id()).isEqualTo(info.id());
    List<TransferProgress> resumed = new CopyOnWriteArrayList<>();
    Download again = leecher.download(info.id(), dir.resolve("dl"), resumed::add);
    Path got = await(again.result());
    assertThat(Files.mismatch(got, large)).isEqualTo(-1);
    assertThat(resumed.get(0).piecesDone()).as("pieces verified on disk before any was fetched again").isGreaterThanOrEqualTo(kept);
    assertThat(again.progress().piecesDone()).isEqualTo(pieces);
  }
}
