package io.hopscotch.core.spi;

import io.hopscotch.core.ContentInfo;
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

  /** A one-way message of one of this strategy's types. */
  void onMessage(Peer from, Message message);

  /** A request of one of this strategy's types. */
  Future<Message> onRequest(Peer from, Message request);

  /** Stops timers and transfers. Idempotent. */
  void close();
}
