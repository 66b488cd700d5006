package io.hopscotch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Download;
import io.hopscotch.core.FetchCancelledException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The node's download handle: progress, cancellation reaching the strategy, fetch by id. */
class DownloadHandleTest {

  /** A transfer whose fetches run until told to finish or cancelled; fetch by id is left to the SPI default. */
  private static final class StubTransfer implements TransferStrategy {
    final List<Promise<Path>> running = new ArrayList<>();
    final List<Consumer<TransferProgress>> listeners = new ArrayList<>();
    int cancelsSeen;

    @Override
    public String name() {
      return "stub";
    }

    @Override
    public List<MessageType<?>> messageTypes() {
      return List.of();
    }

    @Override
    public void init(StrategyContext context) {
    }

    @Override
    public Future<ContentInfo> publish(Path path) {
      return Future.failedFuture("no");
    }

    @Override
    public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
      return fetch(content, directory, progress, Promise.<Void>promise().future());
    }

    @Override
    public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
      Promise<Path> p = Promise.promise();
      running.add(p);
      listeners.add(progress);
      cancelled.onSuccess(v -> {
        cancelsSeen++;
        p.tryFail(new FetchCancelledException("stub cancelled"));
      });
      progress.accept(new TransferProgress(content.id(), 10, content.size(), 5.0, 1, 1, 4));
      return p.future();
    }

    @Override
    public void onMessage(Peer from, Message message) {
    }

    @Override
    public Future<Message> onRequest(Peer from, Message request) {
      return Future.failedFuture("no");
    }

    @Override
    public void close() {
    }
  }

  private static final ContentInfo CONTENT = new ContentInfo(Key.sha1("c"), "c.bin", 40, "stub", null);

  private static SimNode node(Simulation sim, StubTransfer t) {
    SimNode n = sim.addNode(SimTestSupport.options(), new FlatTestStrategy(1000, 100), t);
    sim.await(n.start());
    return n;
  }

  @Test
  void cancelFailsTheResultAndReachesTheStrategyOnce() {
    try (Simulation sim = Simulation.builder().seed(1).build()) {
      StubTransfer t = new StubTransfer();
      SimNode n = node(sim, t);
      Download d = n.download(CONTENT, Path.of("x"), p -> { });
      sim.runFor(10);
      assertThat(d.content()).isEqualTo(CONTENT.id());
      assertThat(d.progress().bytesDone()).isEqualTo(10);
      assertThat(d.result().isComplete()).isFalse();
      sim.await(d.cancel());
      sim.await(d.cancel());
      assertThat(sim.awaitFailure(d.result())).isInstanceOf(FetchCancelledException.class)
          .hasMessageContaining(CONTENT.id().toHex());
      assertThat(d.isCancelled()).isTrue();
      assertThat(t.cancelsSeen).isEqualTo(1);
    }
  }

  @Test
  void aListenerMayCancelFromItsOwnCallback() {
    try (Simulation sim = Simulation.builder().seed(2).build()) {
      StubTransfer t = new StubTransfer();
      SimNode n = node(sim, t);
      AtomicReference<Download> handle = new AtomicReference<>();
      List<TransferProgress> seen = new ArrayList<>();
      handle.set(n.download(CONTENT, Path.of("x"), p -> {
        seen.add(p);
        if (handle.get() != null) {
          handle.get().cancel();
        }
      }));
      sim.runFor(10);
      // a later event, as from the strategy on the node's loop: the listener cancels inside it
      t.listeners.get(0).accept(new TransferProgress(CONTENT.id(), 20, 40, 5.0, 1, 2, 4));
      assertThat(sim.awaitFailure(handle.get().result())).isInstanceOf(FetchCancelledException.class);
      assertThat(seen).hasSize(2);
      assertThat(t.cancelsSeen).isEqualTo(1);
    }
  }

  @Test
  void aFinishedFetchIgnoresCancel() {
    try (Simulation sim = Simulation.builder().seed(3).build()) {
      StubTransfer t = new StubTransfer();
      SimNode n = node(sim, t);
      Download d = n.download(CONTENT, Path.of("x"), p -> { });
      sim.runFor(10);
      t.running.get(0).complete(Path.of("x/c.bin"));
      assertThat(sim.await(d.result())).isEqualTo(Path.of("x/c.bin"));
      sim.await(d.cancel());
      assertThat(d.isCancelled()).isFalse();
      assertThat(t.cancelsSeen).isZero();
    }
  }

  @Test
  void fetchByIdOnATransferThatCannotSaysSo() {
    try (Simulation sim = Simulation.builder().seed(4).build()) {
      SimNode n = node(sim, new StubTransfer());
      assertThat(sim.awaitFailure(n.fetch(Key.sha1("c"), Path.of("x"))))
          .hasMessageContaining("transfer 'stub' cannot fetch content " + Key.sha1("c").toHex() + " by its id alone");
    }
  }
}
