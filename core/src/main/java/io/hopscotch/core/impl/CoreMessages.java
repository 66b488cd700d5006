package io.hopscotch.core.impl;

import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import java.util.List;

/** Messages that core itself answers on every node, whatever the strategies: the peer probe. */
public final class CoreMessages {

  /** Largest probe payload, in bytes. */
  public static final int MAX_PROBE_BYTES = 1024 * 1024;

  private CoreMessages() {
  }

  /** Asks the peer to answer with {@code size} bytes of payload. */
  public record ProbeRequest(int size) implements Message {
    /** Its type. */
    public static final MessageType<ProbeRequest> TYPE =
        MessageType.of(1, "core.probe", in -> new ProbeRequest(in.readVarInt(MAX_PROBE_BYTES, "probe size")));

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(size);
    }
  }

  /** The probe's answer: {@code size} zero bytes (content is irrelevant; only the timing matters). */
  public record ProbeResponse(int size) implements Message {
    /** Its type. */
    public static final MessageType<ProbeResponse> TYPE = MessageType.of(2, "core.probe_response", ProbeResponse::read);

    static ProbeResponse read(WireReader in) {
      int n = in.readVarInt(MAX_PROBE_BYTES, "probe payload");
      in.readRaw(n);
      return new ProbeResponse(n);
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeVarInt(size).writeRaw(new byte[size]);
    }

    @Override
    public int encodedSize() {
      return WireWriter.counting().writeVarInt(size).size() + size;
    }
  }

  /** Every core message type. */
  public static List<MessageType<?>> types() {
    return List.of(ProbeRequest.TYPE, ProbeResponse.TYPE);
  }
}
