package io.hopscotch.transfer.direct;

import io.hopscotch.core.Key;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The direct transfer's messages (wire ids 400–449) and their codecs. */
public final class DirectMessages {

  /** Largest chunk a request may ask for and a response may carry, in bytes. */
  public static final int MAX_CHUNK_BYTES = 1024 * 1024;

  private DirectMessages() {
  }

  /**
   * Asks a holder for {@code length} bytes of content {@code content} from {@code offset}. Answered by
   * {@link ChunkResponse}.
   *
   * @param content the content id
   * @param offset byte offset, non-negative
   * @param length bytes wanted, 1 to {@link #MAX_CHUNK_BYTES}
   */
  public record ChunkRequest(Key content, long offset, int length) implements Message {
    /** Its type. */
    public static final MessageType<ChunkRequest> TYPE = MessageType.of(400, "direct.chunk_request", in -> {
      Key k = in.readKey();
      long off = in.readLong();
      if (off < 0) {
        throw new MalformedMessageException("negative chunk offset " + off);
      }
      int len = in.readVarInt(MAX_CHUNK_BYTES, "chunk length");
      return new ChunkRequest(k, off, len);
    });

    /** Validates. */
    public ChunkRequest {
      Objects.requireNonNull(content, "content");
      if (offset < 0 || length < 0 || length > MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("bad chunk request: offset " + offset + ", length " + length);
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(content).writeLong(offset).writeVarInt(length);
    }
  }

  /**
   * A chunk of content.
   *
   * @param content the content id
   * @param offset where the bytes start
   * @param data the bytes, at most {@link #MAX_CHUNK_BYTES}
   */
  public record ChunkResponse(Key content, long offset, byte[] data) implements Message {
    /** Its type. */
    public static final MessageType<ChunkResponse> TYPE = MessageType.of(401, "direct.chunk", in -> {
      Key k = in.readKey();
      long off = in.readLong();
      if (off < 0) {
        throw new MalformedMessageException("negative chunk offset " + off);
      }
      return new ChunkResponse(k, off, in.readBytes(MAX_CHUNK_BYTES));
    });

    /** Validates; the array is not copied (messages are passed, not shared). */
    public ChunkResponse {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(data, "data");
      if (offset < 0 || data.length > MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("bad chunk: offset " + offset + ", " + data.length + " bytes");
      }
    }

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeKey(content).writeLong(offset).writeBytes(data);
    }

    @Override
    public int encodedSize() {
      return Key.BYTES + 8 + WireWriter.counting().writeVarInt(data.length).size() + data.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ChunkResponse c && content.equals(c.content) && offset == c.offset && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(content, offset) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "ChunkResponse[" + content + " @" + offset + " " + data.length + "B]";
    }
  }

  /** Every message type of the direct transfer. */
  public static List<MessageType<?>> types() {
    return List.of(ChunkRequest.TYPE, ChunkResponse.TYPE);
  }
}
