package io.hopscotch.transfer.swarm.net;

import java.util.function.Consumer;

/**
 * One byte-stream connection of the peer wire protocol. Every callback runs on the event loop of the
 * transport that made the channel, one at a time, so the protocol code above needs no locks.
 */
public interface WireChannel {

  /** Receives the bytes that arrive, in order. Set before any data can arrive (on accept or connect). */
  void handler(Consumer<byte[]> onData);

  /** Called once when the channel closes, by either side. */
  void closeHandler(Runnable onClose);

  /** Queues {@code data} for sending. Ignored once closed. */
  void write(byte[] data);

  /** True while more than the transport's write-queue bound is waiting to be sent. */
  boolean writeQueueFull();

  /** Called when a full write queue has drained. */
  void drainHandler(Runnable onDrain);

  /** Closes the channel; harmless if already closed. */
  void close();

  /** The remote host as text, e.g. {@code 127.0.0.1}. */
  String remoteHost();

  /** The remote port. */
  int remotePort();
}
