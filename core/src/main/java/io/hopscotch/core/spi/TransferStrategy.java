package io.hopscotch.core.spi;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SPI for moving content bigger than a stored value: the direct best-host download and the swarm.
 * Like routing strategies it uses only its {@link StrategyContext}; it announces and finds content
 * through {@link StrategyContext#overlay()}.
 */
public interface TransferStrategy {

  /** The transfer name, e.g. {@code "direct"} or {@code "swarm"}. */
  String name();

  /** The message types this strategy sends; ids within 400–599. */
  List<MessageType<?>> messageTypes();

  /** Gives the strategy its context; called once. */
  void init(StrategyContext context);

  /** Makes the file at {@code path} available and announces it; returns what a fetcher needs. */
  Future<ContentInfo> publish(Path path);

  /**
   * Downloads content into {@code directory}, verifying it, and returns the file's path.
   *
   * @param progress receives progress events on the node's event loop; may be a no-op
   */
  Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress);

  /**
   * Downloads content as {@link #fetch(ContentInfo, Path, Consumer)} does, and stops when
   * {@code cancelled} completes: it then stops requesting, closes the connections this fetch opened,
   * keeps what it verified on disk if it can resume from it, and fails its future with
   * {@link io.hopscotch.core.FetchCancelledException}. The node completes {@code cancelled} on its
   * event loop, at most once, and only while the fetch runs.
   *
   * <p>The default runs {@link #fetch(ContentInfo, Path, Consumer)} and cannot stop it early: the
   * node fails the caller's result at once, but the strategy's work runs on to its end.
   *
   * @param cancelled completes (never fails) when the fetch is cancelled
   */
  default Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    return fetch(content, directory, progress);
  }

  /**
   * Downloads content known only by its id, finding what it needs (peers, name, size, metadata)
   * through {@link StrategyContext#overlay()}; cancelled as in
   * {@link #fetch(ContentInfo, Path, Consumer, Future)}. Fails with
   * {@link io.hopscotch.core.ContentNotFoundException} if the overlay holds no announcement of this
   * strategy under {@code id}.
   *
   * <p>The default fails with a {@link io.hopscotch.core.HopscotchException} saying that this
   * strategy cannot fetch by id.
   */
  default Future<Path> fetch(Key id, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    return Future.failedFuture(new io.hopscotch.core.HopscotchException("transfer '" + name() + "' cannot fetch content "
        + id.toHex() + " by its id alone: fetch it with its ContentInfo"));
  }

  /** A one-way message of one of this strategy's types. */
  void onMessage(Peer from, Message message);

  /** A request of one of this strategy's types. */
  Future<Message> onRequest(Peer from, Message request);

  /** Stops timers and transfers. Idempotent. */
  void close();
}
