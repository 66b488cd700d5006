package io.hopscotch.core.net;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageRegistry;
import io.hopscotch.core.wire.WireReader;
import io.hopscotch.core.wire.WireWriter;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes frame bodies. On the wire a frame is a 4-byte big-endian length followed by
 * that many body bytes; the body is:
 *
 * <pre>
 * HELLO    : kind(1) version(2) address(host string, port 2) firewalled(1)
 * ONEWAY   : kind(1) type(2) message body
 * REQUEST  : kind(1) correlation(4) type(2) message body
 * RESPONSE : kind(1) correlation(4) type(2) message body
 * ERROR    : kind(1) correlation(4) reason(UTF-8 string of at most {@value #MAX_REASON_BYTES} bytes)
 * </pre>
 */
final class FrameCodec {

  /** Protocol version this code speaks. */
  static final int VERSION = 1;
  /** Bytes of the length prefix. */
  static final int LENGTH_BYTES = 4;
  /** Longest error reason carried, in UTF-8 bytes; longer ones are cut. */
  static final int MAX_REASON_BYTES = 1024;

  private FrameCodec() {
  }

  /**
   * Decodes a frame body (without its length prefix).
   *
   * @throws MalformedMessageException for an unknown kind or message type, or a malformed body
   */
  static Frame decode(byte[] body, MessageRegistry registry) {
    if (body.length == 0) {
      throw new MalformedMessageException("empty frame");
    }
    WireReader in = new WireReader(body);
    int kind = in.readUnsignedByte();
    switch (kind) {
      case Frame.HELLO -> {
        int version = in.readUnsignedShort();
        Frame.Hello h = new Frame.Hello(version, in.readAddress(), in.readBoolean());
        in.expectEnd("hello");
        return h;
      }
      case Frame.ONEWAY -> {
        return new Frame.OneWay(message(in, body, registry));
      }
      case Frame.REQUEST -> {
        int corr = in.readInt();
        return new Frame.Request(corr, message(in, body, registry));
      }
      case Frame.RESPONSE -> {
        int corr = in.readInt();
        return new Frame.Response(corr, message(in, body, registry));
      }
      case Frame.ERROR -> {
        int corr = in.readInt();
        String reason = in.readString(MAX_REASON_BYTES);
        in.expectEnd("error");
        return new Frame.Error(corr, reason);
      }
      default -> throw new MalformedMessageException("unknown frame kind " + kind);
    }
  }

  private static Message message(WireReader in, byte[] body, MessageRegistry registry) {
    int type = in.readUnsignedShort();
    int offset = body.length - in.remaining();
    return registry.decode(type, body, offset, in.remaining());
  }

  /** A complete HELLO frame, length prefix included. */
  static Buffer hello(io.hopscotch.core.Address address, boolean firewalled) {
    WireWriter w = new WireWriter();
    w.writeInt(0).writeByte(Frame.HELLO).writeShort(VERSION).writeAddress(address).writeBoolean(firewalled);
    return finish(w);
  }

  /**
   * A complete message frame (ONEWAY, REQUEST or RESPONSE), length prefix included.
   *
   * @throws FrameTooLargeException if the body would exceed {@code maxFrameBytes}
   */
  static Buffer message(int kind, int correlation, Message message, int maxFrameBytes) {
    int header = 1 + (kind == Frame.ONEWAY ? 0 : 4) + 2;
    long size = (long) header + message.encodedSize();
    if (size > maxFrameBytes) {
      throw new FrameTooLargeException("message " + message.type() + " needs a frame of " + size
          + " bytes, more than the limit maxFrameBytes = " + maxFrameBytes);
    }
    WireWriter w = WireWriter.withCapacity((int) size + LENGTH_BYTES);
    w.writeInt(0).writeByte(kind);
    if (kind != Frame.ONEWAY) {
      w.writeInt(correlation);
    }
    w.writeShort(message.type().id());
    message.write(w);
    if (w.size() - LENGTH_BYTES != size) {
      throw new IllegalStateException("message " + message.type() + " wrote " + (w.size() - LENGTH_BYTES - header)
          + " bytes but its encodedSize() says " + (size - header));
    }
    return finish(w);
  }

  /** A complete ERROR frame; the reason is cut to {@value #MAX_REASON_BYTES} UTF-8 bytes. */
  static Buffer error(int correlation, String reason) {
    WireWriter w = new WireWriter();
    w.writeInt(0).writeByte(Frame.ERROR).writeInt(correlation).writeString(truncate(reason, MAX_REASON_BYTES));
    return finish(w);
  }

  /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes without splitting a character. */
  static String truncate(String text, int maxBytes) {
    String s = text == null ? "" : text;
    if (s.length() * 3 <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static Buffer finish(WireWriter w) {
    byte[] b = w.toByteArray();
    int n = b.length - LENGTH_BYTES;
    b[0] = (byte) (n >>> 24);
    b[1] = (byte) (n >>> 16);
    b[2] = (byte) (n >>> 8);
    b[3] = (byte) n;
    return Buffer.buffer(b);
  }
}
