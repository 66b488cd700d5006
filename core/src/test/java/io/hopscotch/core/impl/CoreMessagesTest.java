package io.hopscotch.core.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.hopscotch.core.wire.MalformedMessageException;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageRegistry;
import io.hopscotch.core.wire.MessageType;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class CoreMessagesTest {

  private static final MessageRegistry REGISTRY = MessageRegistry.of(CoreMessages.types());

  @Test
  void probesRoundTripAndReportTheirSize() {
    qt().forAll(SourceDSL.integers().between(0, 70_000)).checkAssert(n -> {
      for (Message m : new Message[] {new CoreMessages.ProbeRequest(n), new CoreMessages.ProbeResponse(n)}) {
        byte[] body = m.toBytes();
        assertThat(body).hasSize(m.encodedSize());
        assertThat(REGISTRY.decode(m.type().id(), body, 0, body.length)).isEqualTo(m);
      }
    });
  }

  @Test
  void randomBodiesDecodeOrFailCleanly() {
    qt().forAll(SourceDSL.integers().between(0, 3), SourceDSL.lists().of(SourceDSL.integers().between(0, 255)).ofSizeBetween(0, 40))
        .checkAssert((id, bytes) -> {
          byte[] b = new byte[bytes.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) bytes.get(i);
          }
          try {
            Message m = REGISTRY.decode(id, b, 0, b.length);
            MessageType<?> t = m.type();
            assertThat(t.id()).isEqualTo(id);
          } catch (MalformedMessageException expected) {
            // the only failure allowed
          }
        });
  }

  @Test
  void anOversizedProbeIsRefused() {
    byte[] body = new CoreMessages.ProbeRequest(CoreMessages.MAX_PROBE_BYTES).toBytes();
    body[body.length - 1]++; // one more than the maximum's top varint byte
    try {
      REGISTRY.decode(CoreMessages.ProbeRequest.TYPE.id(), body, 0, body.length);
    } catch (MalformedMessageException e) {
      assertThat(e).hasMessageContaining("probe size");
      return;
    }
    throw new AssertionError("an oversized probe was accepted");
  }
}
