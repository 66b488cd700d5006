package io.hopscotch.core.wire;

/**
 * A protocol message that strategies exchange. Each message belongs to a {@link MessageType} that
 * names it, gives it a wire id and decodes it. Messages are immutable values.
 *
 * <p>On real networks a message is encoded with {@link #write} into a frame; the simulator passes
 * the object itself and only counts {@link #encodedSize()} bytes for traffic accounting.
 */
public interface Message {

  /** The type of this message. */
  MessageType<?> type();

  /** Writes the body of this message (not its type id, which the transport frames). */
  void write(WireWriter out);

  /** Size in bytes of the body {@link #write} produces. The default counts a dry run. */
  default int encodedSize() {
    WireWriter counter = WireWriter.counting();
    write(counter);
    return counter.size();
  }

  /** Encodes the body to a fresh array. */
  default byte[] toBytes() {
    WireWriter w = new WireWriter();
    write(w);
    return w.toByteArray();
  }
}
