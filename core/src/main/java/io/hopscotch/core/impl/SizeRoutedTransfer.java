package io.hopscotch.core.impl;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.ContentNotFoundException;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Two transfer strategies behind one, transfer name {@value io.hopscotch.core.NodeOptions#AUTO_TRANSFER}:
 * {@link #publish} hands a file smaller than the threshold to the small-content strategy (the direct
 * best-host download) and a file of at least the threshold, or a directory, to the large-content one
 * (the swarm); the chosen strategy names itself in {@link ContentInfo#transfer()}, and {@link #fetch}
 * goes by that name. Inbound messages go to the strategy that declared their type.
 *
 * <p>The large-content strategy is initialised only when first needed (a publish or fetch of its
 * content, or one of its messages), so a node that never moves large content never opens the
 * swarm's peer wire port.
 */
public final class SizeRoutedTransfer implements TransferStrategy {

  private final TransferStrategy small;
  private final TransferStrategy large;
  private final long thresholdBytes;
  private final Set<Integer> largeIds = new HashSet<>();
  private StrategyContext context;
  private boolean largeStarted;
  private boolean closed;

  /**
   * A size-routed transfer.
   *
   * @param small strategy for files below {@code thresholdBytes}
   * @param large strategy for files of at least {@code thresholdBytes} and for directories
   * @param thresholdBytes the size in bytes from which content goes to {@code large}; at least 0
   * @throws IllegalArgumentException if the two have the same name or share a message type id
   */
  public SizeRoutedTransfer(TransferStrategy small, TransferStrategy large, long thresholdBytes) {
    if (small.name().equals(large.name())) {
      throw new IllegalArgumentException("the small- and large-content transfers are both '" + small.name() + "'");
    }
    if (thresholdBytes < 0) {
      throw new IllegalArgumentException("threshold must be >= 0 bytes, got " + thresholdBytes);
    }
    this.small = small;
    this.large = large;
    this.thresholdBytes = thresholdBytes;
    Set<Integer> smallIds = new HashSet<>();
    small.messageTypes().forEach(t -> smallIds.add(t.id()));
    for (MessageType<?> t : large.messageTypes()) {
      if (smallIds.contains(t.id())) {
        throw new IllegalArgumentException("transfers '" + small.name() + "' and '" + large.name() + "' both use message type id "
            + t.id());
      }
      largeIds.add(t.id());
    }
  }

  @Override
  public String name() {
    return io.hopscotch.core.NodeOptions.AUTO_TRANSFER;
  }

  /** The size in bytes from which published files go to the large-content strategy. */
  public long thresholdBytes() {
    return thresholdBytes;
  }

  /** The strategy for small content. */
  public TransferStrategy small() {
    return small;
  }

  /** The strategy for large content (initialised on first use). */
  public TransferStrategy large() {
    return large;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    List<MessageType<?>> all = new ArrayList<>(small.messageTypes());
    all.addAll(large.messageTypes());
    return all;
  }

  @Override
  public void init(StrategyContext context) {
    this.context = context;
    small.init(context);
  }

  private TransferStrategy startedLarge() {
    if (!largeStarted) {
      if (context == null) {
        throw new HopscotchException("transfer is not initialised: start the node first");
      }
      largeStarted = true;
      large.init(context);
    }
    return large;
  }

  /**
   * Publishes {@code path} through the strategy its size calls for: a regular file below the
   * threshold goes direct, a bigger one or a directory goes to the large-content strategy.
   */
  @Override
  public Future<ContentInfo> publish(Path path) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("transfer is closed"));
    }
    long size;
    boolean directory = Files.isDirectory(path);
    try {
      size = directory ? 0 : Files.size(path);
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot publish " + path + ": " + e.getMessage(), e));
    }
    if (directory || size >= thresholdBytes) {
      return startedLarge().publish(path);
    }
    return small.publish(path);
  }

  @Override
  public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
    return fetch(content, directory, progress, Promise.<Void>promise().future());
  }

  /** Fetches through the strategy {@link ContentInfo#transfer()} names, cancellable as that strategy is. */
  @Override
  public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("transfer is closed"));
    }
    if (content.transfer().equals(small.name())) {
      return small.fetch(content, directory, progress, cancelled);
    }
    if (content.transfer().equals(large.name())) {
      return startedLarge().fetch(content, directory, progress, cancelled);
    }
    return Future.failedFuture(new HopscotchException("content " + content.name() + " is served by transfer '" + content.transfer()
        + "', which this node does not run (it runs '" + small.name() + "' and '" + large.name() + "')"));
  }

  /**
   * Fetches by id alone: asks the small-content strategy first (for the direct transfer, one lookup of
   * the id finds its holders), and only if that finds no announcement of its own kind
   * ({@link ContentNotFoundException}) the large-content one, which is initialised only then.
   */
  @Override
  public Future<Path> fetch(Key id, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("transfer is closed"));
    }
    return small.fetch(id, directory, progress, cancelled).recover(e -> {
      if (!(e instanceof ContentNotFoundException) || closed || cancelled.isComplete()) {
        return Future.failedFuture(e);
      }
      return startedLarge().fetch(id, directory, progress, cancelled).recover(e2 -> Future.failedFuture(
          e2 instanceof ContentNotFoundException ? new ContentNotFoundException("no peer in the overlay announces content "
              + id.toHex() + " for transfer '" + small.name() + "' or '" + large.name() + "'") : e2));
    });
  }

  @Override
  public void onMessage(Peer from, Message message) {
    if (largeIds.contains(message.type().id())) {
      startedLarge().onMessage(from, message);
    } else {
      small.onMessage(from, message);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (largeIds.contains(request.type().id())) {
      return startedLarge().onRequest(from, request);
    }
    return small.onRequest(from, request);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      small.close();
    } finally {
      if (largeStarted) {
        large.close();
      }
    }
  }
}
