package io.hopscotch.core.net;

import static io.hopscotch.core.net.NetTestSupport.await;
import static io.hopscotch.core.net.NetTestSupport.echo;
import static io.hopscotch.core.net.NetTestSupport.transport;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.core.wire.WireWriter;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client with a valid certificate that then misbehaves loses its connection; the node keeps serving
 * a well-behaved client and loses nothing it stored before.
 */
class BadInputTest {

  /** A message type the node does not know. */
  record Unknown() implements Message {
    static final MessageType<Unknown> TYPE = MessageType.of(999, "test.unknown", in -> new Unknown());

    @Override
    public MessageType<?> type() {
      return TYPE;
    }

    @Override
    public void write(WireWriter out) {
      out.writeInt(7);
    }
  }

  private static Vertx rawVertx;
  private static NetClient rawClient;
  private final NetTestSupport nodes = new NetTestSupport();
  private NodeEngine server;
  private NodeEngine good;

  @BeforeAll
  static void rawClient() {
    rawVertx = Vertx.vertx();
    TlsCredentials creds = TlsCredentials.of(Identity.generate());
    rawClient = rawVertx.createNetClient(new NetClientOptions()
        .setSslEngineOptions(new JdkSSLEngineOptions())
        .setKeyCertOptions(KeyCertOptions.wrap(creds.keyManagers()))
        .setTrustOptions(TrustOptions.wrap(TlsCredentials.trustAnyEd25519()))
        .setHostnameVerificationAlgorithm("")
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3")));
  }

  @AfterAll
  static void closeRawClient() {
    await(rawVertx.close());
  }

  private static final Key KEPT = Key.sha1("kept");

  @BeforeEach
  void startNodes() {
    server = nodes.start(NetTestSupport.options().setMaxFrameBytes(4096));
    good = nodes.start();
    // Stored before any bad input arrives; every test checks it is still there and still served.
    await(server.put(KEPT, "safe".getBytes(StandardCharsets.UTF_8), new PutOptions()));
  }

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  /**
   * Connects over TLS and runs {@code setup} on the event loop as soon as the socket exists, before
   * any data is delivered (a handler set later from the test thread could miss the node's HELLO).
   */
  private NetSocket connectRaw(java.util.function.Consumer<NetSocket> setup) {
    Promise<NetSocket> p = Promise.promise();
    rawVertx.getOrCreateContext().runOnContext(v -> rawClient.connect(new ConnectOptions()
            .setHost("127.0.0.1").setPort(server.self().address().port()).setSsl(true))
        .onSuccess(setup::accept)
        .onComplete(p));
    return await(p.future());
  }

  /** Connects over TLS, writes {@code frames}, and waits until the node closes the connection. */
  private void expectClosedAfter(Buffer... frames) {
    Promise<Void> closed = Promise.promise();
    NetSocket socket = connectRaw(s -> {
      s.closeHandler(v -> closed.tryComplete());
      s.handler(b -> { });
    });
    assertThat(socket.isSsl()).isTrue();
    for (Buffer f : frames) {
      socket.write(f);
    }
    await(closed.future());
    assertStillServes();
  }

  /** The node still answers a well-behaved peer, and still holds and serves what was stored before. */
  private void assertStillServes() {
    Message r = await(echo(good).ctx.transport().request(server.self(), new EchoStrategy.Echo("still there?")));
    assertThat(r).isEqualTo(new EchoStrategy.EchoReply("still there?"));
    assertThat(await(server.get(KEPT)).valueAsString()).contains("safe");
    Message read = await(echo(good).ctx.transport().request(server.self(), new EchoStrategy.Read(KEPT)));
    assertThat(read).isInstanceOfSatisfying(EchoStrategy.Records.class, rs ->
        assertThat(rs.records()).singleElement().satisfies(rec -> assertThat(rec.valueAsString()).isEqualTo("safe")));
  }

  private static Buffer hello() {
    return FrameCodec.hello(new Address("127.0.0.1", 1), false);
  }

  private static Buffer frame(byte... body) {
    return Buffer.buffer().appendInt(body.length).appendBytes(body);
  }

  @Test
  void garbageClosesTheConnection() {
    expectClosedAfter(frame((byte) 0x77, (byte) 1, (byte) 2, (byte) 3));
    assertThat(server.stats().counter("net.frames.bad")).isEqualTo(1);
  }

  @Test
  void textThatIsNotAFrameClosesTheConnection() {
    expectClosedAfter(Buffer.buffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertThat(server.stats().counter("net.frames.oversized")).isEqualTo(1);
  }

  @Test
  void anOversizedLengthClosesTheConnection() {
    expectClosedAfter(hello(), Buffer.buffer().appendInt(4097).appendBytes(new byte[100]));
    assertThat(server.stats().counter("net.frames.oversized")).isEqualTo(1);
  }

  @Test
  void aZeroLengthClosesTheConnection() {
    expectClosedAfter(hello(), Buffer.buffer().appendInt(0));
  }

  @Test
  void anUnknownMessageTypeClosesTheConnection() {
    expectClosedAfter(hello(), FrameCodec.message(Frame.ONEWAY, 0, new Unknown(), 4096));
    assertThat(server.stats().counter("net.frames.bad")).isEqualTo(1);
  }

  @Test
  void aMalformedBodyClosesTheConnection() {
    // a test.echo request whose string announces 50 bytes but carries 3
    expectClosedAfter(hello(), frame((byte) Frame.REQUEST, (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 100, (byte) 50, (byte) 'a', (byte) 'b', (byte) 'c'));
  }

  @Test
  void aRequestBeforeHelloClosesTheConnection() {
    expectClosedAfter(FrameCodec.message(Frame.REQUEST, 1, new EchoStrategy.Echo("too early"), 4096));
    assertThat(echo(server).requesters).containsOnly(good.self());
  }

  @Test
  void aSecondHelloClosesTheConnection() {
    expectClosedAfter(hello(), hello());
  }

  @Test
  void aWrongProtocolVersionClosesTheConnection() {
    WireWriter w = new WireWriter().writeByte(Frame.HELLO).writeShort(FrameCodec.VERSION + 1)
        .writeAddress(new Address("127.0.0.1", 1)).writeBoolean(false);
    expectClosedAfter(frame(w.toByteArray()));
  }

  @Test
  void aWellBehavedRawClientIsAnswered() {
    Promise<Buffer> got = Promise.promise();
    Buffer in = Buffer.buffer();
    NetSocket socket = connectRaw(s -> s.handler(b -> {
      in.appendBuffer(b);
      // the node's HELLO, then the RESPONSE frame
      if (in.length() < 4) {
        return;
      }
      int responseAt = in.getInt(0) + 4;
      if (in.length() >= responseAt + 4 && in.length() >= responseAt + 4 + in.getInt(responseAt)) {
        got.tryComplete(in.slice(responseAt + 4, responseAt + 4 + in.getInt(responseAt)));
      }
    }));
    assertThat(socket.sslSession().getProtocol()).isEqualTo("TLSv1.3");
    socket.write(hello());
    socket.write(FrameCodec.message(Frame.REQUEST, 5, new EchoStrategy.Echo("raw"), 4096));
    Buffer body = await(got.future());
    Frame f = FrameCodec.decode(body.getBytes(), io.hopscotch.core.wire.MessageRegistry.of(new EchoStrategy().messageTypes()));
    assertThat(f).isEqualTo(new Frame.Response(5, new EchoStrategy.EchoReply("raw")));
    socket.close();
  }

  @Test
  void aClientWithoutCertificateIsRejected() {
    NetClient anonymous = rawVertx.createNetClient(new NetClientOptions()
        .setSslEngineOptions(new JdkSSLEngineOptions())
        .setTrustOptions(TrustOptions.wrap(TlsCredentials.trustAnyEd25519()))
        .setHostnameVerificationAlgorithm("")
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3")));
    try {
      // Under TLS 1.3 the client may see its connect succeed; the rejection then closes the socket.
      io.vertx.core.Future<NetSocket> f = anonymous.connect(new ConnectOptions()
          .setHost("127.0.0.1").setPort(server.self().address().port()).setSsl(true));
      Promise<Void> closed = Promise.promise();
      f.onComplete(ar -> {
        if (ar.failed()) {
          closed.tryComplete();
        } else {
          ar.result().closeHandler(v -> closed.tryComplete());
          ar.result().exceptionHandler(e -> { });
          ar.result().write(hello());
        }
      });
      await(closed.future());
      assertThat(echo(server).requesters).isEmpty();
      assertStillServes();
    } finally {
      await(anonymous.close());
    }
  }

  @Test
  void aPlainTcpClientIsRejected() {
    NetClient plain = rawVertx.createNetClient();
    try {
      NetSocket socket = await(plain.connect(server.self().address().port(), "127.0.0.1"));
      Promise<Void> closed = Promise.promise();
      socket.closeHandler(v -> closed.tryComplete());
      socket.handler(b -> { });
      socket.write(hello());
      await(closed.future());
      assertStillServes();
    } finally {
      await(plain.close());
    }
  }

  @Test
  void aRequestItsHandlerCallsAViolationClosesThatConnection() {
    Throwable t = NetTestSupport.failure(echo(good).ctx.transport().request(server.self(), new EchoStrategy.Violate("a forged claim")));
    // The error is written before the close; which of the two the sender sees first is up to the network.
    assertThat(t).isInstanceOfAny(io.hopscotch.core.spi.RemoteException.class, io.hopscotch.core.spi.PeerUnreachableException.class);
    NetTestSupport.eventually("the server closed the violator's connection", () -> await(transport(good).connectionCount()) == 0);
    assertThat(server.stats().counter("net.violations")).isEqualTo(1);
    assertStillServes();
  }

  @Test
  void aForgedRecordInAResponseClosesTheConnectionToItsSender() {
    Message read = await(echo(good).ctx.transport().request(server.self(), new EchoStrategy.Read(KEPT)));
    Record genuine = ((EchoStrategy.Records) read).records().get(0);
    Record forged = forge(genuine);
    assertThat(echo(good).ctx.acceptRecords(server.self(), List.of(genuine))).containsExactly(genuine);
    assertThat(echo(good).ctx.acceptRecords(server.self(), List.of(genuine, forged))).isEmpty();
    NetTestSupport.eventually("the reader closed its connection to the forger", () -> await(transport(good).connectionCount()) == 0);
    assertThat(good.stats().counter("records.forged")).isEqualTo(1);
    assertThat(good.stats().counter("net.violations")).isEqualTo(1);
    assertStillServes();
  }

  /** The record with its value changed after signing. */
  private static Record forge(Record genuine) {
    WireWriter w = new WireWriter();
    genuine.write(w);
    byte[] bytes = w.toByteArray();
    byte[] value = genuine.value();
    for (int i = 0; i + value.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + value.length, value, 0, value.length)) {
        bytes[i] ^= 1;
        return Record.read(new io.hopscotch.core.wire.WireReader(bytes));
      }
    }
    throw new AssertionError("value not found in the encoded record");
  }

  @Test
  void aFrameAboveTheReceiversLimitFailsTheSenderCleanly() {
    Throwable t = NetTestSupport.failure(echo(good).ctx.transport().request(server.self(), new EchoStrategy.Echo("x".repeat(5000))));
    assertThat(t).isInstanceOf(io.hopscotch.core.spi.PeerUnreachableException.class).hasMessageContaining("closed");
    assertThat(server.stats().counter("net.frames.oversized")).isEqualTo(1);
    assertStillServes();
  }
}
