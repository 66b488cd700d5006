package io.hopscotch.core.wire;

import java.util.Objects;
import java.util.function.Function;

/**
 * The type of a {@link Message}: a wire id unique within a node, a readable name used in stats and
 * logs, and a decoder.
 *
 * <p>Id ranges keep strategies apart: 0–99 belong to core, 100–399 to routing strategies and
 * 400–599 to transfer strategies. A node refuses to start if two of its types share an id.
 *
 * @param <M> the message class
 */
public final class MessageType<M extends Message> {

  /** Smallest id a routing strategy may use. */
  public static final int ROUTING_MIN = 100;
  /** Smallest id a transfer strategy may use. */
  public static final int TRANSFER_MIN = 400;
  /** Largest id. */
  public static final int MAX_ID = 0xffff;

  private final int id;
  private final String name;
  private final Function<WireReader, M> decoder;

  private MessageType(int id, String name, Function<WireReader, M> decoder) {
    this.id = id;
    this.name = name;
    this.decoder = decoder;
  }

  /**
   * Declares a message type.
   *
   * @param id wire id, 0..65535, unique within the node
   * @param name readable name such as {@code "central.register"}
   * @param decoder reads the body; it must consume every byte or throw {@link MalformedMessageException}
   * @throws IllegalArgumentException if the id is out of range or the name empty
   */
  public static <M extends Message> MessageType<M> of(int id, String name, Function<WireReader, M> decoder) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("message type id must be 0.." + MAX_ID + ", got " + id);
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("message type name is empty");
    }
    return new MessageType<>(id, name, Objects.requireNonNull(decoder, "decoder"));
  }

  /** The wire id. */
  public int id() {
    return id;
  }

  /** The readable name. */
  public String name() {
    return name;
  }

  /**
   * Decodes a body, requiring that it be consumed entirely.
   *
   * @throws MalformedMessageException if the body is not a valid message of this type
   */
  public M decode(WireReader in) {
    M m;
    try {
      m = decoder.apply(in);
    } catch (MalformedMessageException e) {
      throw new MalformedMessageException(name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MalformedMessageException(name + ": " + e, e);
    }
    in.expectEnd(name);
    return m;
  }

  @Override
  public String toString() {
    return name + "#" + id;
  }
}
