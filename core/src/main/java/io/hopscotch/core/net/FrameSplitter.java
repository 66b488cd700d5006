package io.hopscotch.core.net;

import io.hopscotch.core.wire.MalformedMessageException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into frame bodies: a 4-byte big-endian length, then that many bytes. A length
 * of zero or above the limit is malformed. Memory grows with the bytes actually received, never with
 * the length a peer merely announces, so a hostile peer cannot make it allocate more than it sends
 * (and never more than the limit). After a failure the splitter refuses further input.
 */
final class FrameSplitter {

  private static final int INITIAL_BODY_CAPACITY = 4096;

  private final int maxFrameBytes;
  private final byte[] header = new byte[FrameCodec.LENGTH_BYTES];
  private int headerFill;
  private byte[] body;
  private int bodyLength;
  private int bodyFill;
  private boolean failed;

  /** A splitter accepting frame bodies of 1 to {@code maxFrameBytes} bytes. */
  FrameSplitter(int maxFrameBytes) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Consumes {@code data[offset, offset+length)}, handing each completed frame body to {@code sink}.
   *
   * @throws MalformedMessageException if a frame announces a length of zero or above the limit
   */
  void feed(byte[] data, int offset, int length, Consumer<byte[]> sink) {
    if (failed) {
      throw new MalformedMessageException("the stream already failed");
    }
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (body == null) {
        int n = Math.min(header.length - headerFill, end - pos);
        System.arraycopy(data, pos, header, headerFill, n);
        headerFill += n;
        pos += n;
        if (headerFill == header.length) {
          int announced = (header[0] & 0xff) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | (header[3] & 0xff);
          if (announced <= 0 || announced > maxFrameBytes) {
            failed = true;
            throw new MalformedMessageException("frame length " + Integer.toUnsignedString(announced)
                + (announced == 0 ? " is empty" : " exceeds the limit " + maxFrameBytes));
          }
          bodyLength = announced;
          body = new byte[Math.min(announced, INITIAL_BODY_CAPACITY)];
          bodyFill = 0;
        }
      } else {
        int n = Math.min(bodyLength - bodyFill, end - pos);
        if (bodyFill + n > body.length) {
          body = Arrays.copyOf(body, (int) Math.min(bodyLength, Math.max((long) body.length * 2, bodyFill + n)));
        }
        System.arraycopy(data, pos, body, bodyFill, n);
        bodyFill += n;
        pos += n;
        if (bodyFill == bodyLength) {
          byte[] done = body;
          body = null;
          headerFill = 0;
          sink.accept(done);
        }
      }
    }
  }

  /** True if a frame announced a length of zero or above the limit; the stream is unusable then. */
  boolean failed() {
    return failed;
  }

  /** Bytes of a partly received frame held now (for tests of the memory bound). */
  int buffered() {
    return body == null ? headerFill : body.length;
  }
}
