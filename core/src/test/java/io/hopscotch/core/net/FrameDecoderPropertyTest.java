package io.hopscotch.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.hopscotch.core.Address;
import io.hopscotch.core.impl.CoreMessages;
import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzes the frame decoder (splitter plus body decoder) with random bytes and with mutated valid
 * frames, cut into random chunks: it either decodes or throws {@link MalformedMessageException},
 * and never holds more than the frame limit.
 */
class FrameDecoderPropertyTest {

  private static final int MAX = 2048;
  private static final MessageRegistry REGISTRY = MessageRegistry.of(CoreMessages.types(), new EchoStrategy().messageTypes());

  private static final List<byte[]> VALID = validFrames();

  private static List<byte[]> validFrames() {
    List<byte[]> out = new ArrayList<>();
    out.add(FrameCodec.hello(new Address("127.0.0.1", 7000), false).getBytes());
    out.add(FrameCodec.hello(new Address("::1", 0), true).getBytes());
    List<Message> msgs = List.of(new EchoStrategy.Echo("hello"), new EchoStrategy.Note(""), new EchoStrategy.Slow(),
        new EchoStrategy.Fail("why"), new CoreMessages.ProbeRequest(100), new CoreMessages.ProbeResponse(40),
        new EchoStrategy.EchoReply("é✓".repeat(20)));
    int corr = 0;
    for (Message m : msgs) {
      for (int kind : new int[] {Frame.ONEWAY, Frame.REQUEST, Frame.RESPONSE}) {
        out.add(FrameCodec.message(kind, corr++, m, MAX).getBytes());
      }
    }
    out.add(FrameCodec.error(3, "remote reason").getBytes());
    return out;
  }

  /** Feeds {@code stream} in chunks of the given sizes; returns decoded frames. */
  private static List<Frame> decodeAll(byte[] stream, int[] chunks) {
    FrameSplitter splitter = new FrameSplitter(MAX);
    List<Frame> frames = new ArrayList<>();
    int pos = 0;
    int i = 0;
    while (pos < stream.length) {
      int n = Math.min(stream.length - pos, Math.max(1, chunks.length == 0 ? stream.length : chunks[i++ % chunks.length]));
      splitter.feed(stream, pos, n, body -> {
        assertThat(body.length).isLessThanOrEqualTo(MAX);
        frames.add(FrameCodec.decode(body, REGISTRY));
      });
      assertThat(splitter.buffered()).isLessThanOrEqualTo(MAX);
      pos += n;
    }
    return frames;
  }

  private static void decodesOrIsMalformed(byte[] stream, int[] chunks) {
    try {
      decodeAll(stream, chunks);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static Gen<int[]> chunkSizes() {
    return Generate.intArrays(Generate.range(0, 8), Generate.range(1, 300));
  }

  @Test
  void randomBytesDecodeOrAreMalformed() {
    Gen<byte[]> bytes = Generate.byteArrays(Generate.range(0, 600), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    qt().withExamples(2000).forAll(bytes, chunkSizes()).checkAssert(FrameDecoderPropertyTest::decodesOrIsMalformed);
  }

  @Test
  void randomBodiesBehindAValidLengthDecodeOrAreMalformed() {
    Gen<byte[]> bodies = Generate.byteArrays(Generate.range(1, 200), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .zip(Generate.range(0, 4), Generate.range(0, 0xffff), (b, kind, type) -> {
          byte[] body = b.clone();
          body[0] = (byte) kind.intValue(); // steer toward the message kinds so type ids and bodies are fuzzed
          if (body.length >= 7 && kind != Frame.HELLO && kind != Frame.ERROR) {
            int at = kind == Frame.ONEWAY ? 1 : 5;
            int t = type % 3 == 0 ? type : 100 + type % 6; // mostly known types, with malformed bodies
            body[at] = (byte) (t >>> 8);
            body[at + 1] = (byte) t;
          }
          byte[] framed = new byte[body.length + 4];
          framed[0] = (byte) (body.length >>> 24);
          framed[1] = (byte) (body.length >>> 16);
          framed[2] = (byte) (body.length >>> 8);
          framed[3] = (byte) body.length;
          System.arraycopy(body, 0, framed, 4, body.length);
          return framed;
        });
    qt().withExamples(3000).forAll(bodies, chunkSizes()).checkAssert(FrameDecoderPropertyTest::decodesOrIsMalformed);
  }

  @Test
  void mutatedValidFramesDecodeOrAreMalformed() {
    Gen<byte[]> mutated = Generate.pick(VALID).zip(Generate.intArrays(Generate.range(1, 6), Generate.range(0, Integer.MAX_VALUE)),
        (frame, edits) -> {
          byte[] f = frame.clone();
          for (int e : edits) {
            int at = e % f.length;
            switch ((e >>> 24) % 3) {
              case 0 -> f[at] ^= (byte) (1 << (e >>> 8 & 7));   // flip a bit
              case 1 -> f[at] = (byte) (e >>> 12);              // replace a byte
              default -> f = java.util.Arrays.copyOf(f, Math.max(1, at)); // truncate
            }
          }
          return f;
        });
    qt().withExamples(3000).forAll(mutated, chunkSizes()).checkAssert(FrameDecoderPropertyTest::decodesOrIsMalformed);
  }

  @Test
  void validFramesSurviveAnyChunking() {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    VALID.forEach(all::writeBytes);
    byte[] stream = all.toByteArray();
    qt().withExamples(300).forAll(chunkSizes()).checkAssert(chunks -> assertThat(decodeAll(stream, chunks)).hasSize(VALID.size()));
  }

  @Test
  void announcingAHugeFrameAllocatesOnlyWhatArrives() {
    FrameSplitter s = new FrameSplitter(1 << 30);
    byte[] header = {0x3f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    s.feed(header, 0, 4, b -> { });
    s.feed(new byte[10], 0, 10, b -> { });
    assertThat(s.buffered()).isLessThanOrEqualTo(4096);
  }
}
