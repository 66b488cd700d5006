package io.hopscotch.core.wire;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The message types a node understands, by wire id. Immutable once built. */
public final class MessageRegistry {

  private final Map<Integer, MessageType<?>> byId;

  private MessageRegistry(Map<Integer, MessageType<?>> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * Builds a registry.
   *
   * @throws IllegalArgumentException naming both types if two share an id
   */
  public static MessageRegistry of(Collection<? extends MessageType<?>> types) {
    Map<Integer, MessageType<?>> map = new HashMap<>();
    for (MessageType<?> t : types) {
      MessageType<?> old = map.putIfAbsent(t.id(), t);
      if (old != null && old != t) {
        throw new IllegalArgumentException("message types " + old + " and " + t + " share id " + t.id());
      }
    }
    return new MessageRegistry(map);
  }

  /** Builds a registry from several lists. */
  @SafeVarargs
  public static MessageRegistry of(List<? extends MessageType<?>>... lists) {
    List<MessageType<?>> all = new java.util.ArrayList<>();
    for (List<? extends MessageType<?>> l : lists) {
      all.addAll(l);
    }
    return of(all);
  }

  /** The type with this id, or null. */
  public MessageType<?> get(int id) {
    return byId.get(id);
  }

  /**
   * Decodes a body of the type with this id.
   *
   * @throws MalformedMessageException for an unknown id or a malformed body
   */
  public Message decode(int id, byte[] body, int offset, int length) {
    MessageType<?> t = byId.get(id);
    if (t == null) {
      throw new MalformedMessageException("unknown message type " + id);
    }
    return t.decode(new WireReader(body, offset, length));
  }

  /** Every registered type. */
  public Collection<MessageType<?>> types() {
    return byId.values();
  }
}
