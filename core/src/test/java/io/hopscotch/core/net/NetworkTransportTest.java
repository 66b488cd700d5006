package io.hopscotch.core.net;

import static io.hopscotch.core.net.NetTestSupport.await;
import static io.hopscotch.core.net.NetTestSupport.echo;
import static io.hopscotch.core.net.NetTestSupport.eventually;
import static io.hopscotch.core.net.NetTestSupport.failure;
import static io.hopscotch.core.net.NetTestSupport.transport;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Peer;
import io.hopscotch.core.impl.NodeEngine;
import io.hopscotch.core.spi.PeerIdMismatchException;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {

  private final NetTestSupport nodes = new NetTestSupport();

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  private static EchoStrategy.Received nextNote(NodeEngine n) throws InterruptedException {
    EchoStrategy.Received r = echo(n).notes.poll(NetTestSupport.AWAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(r).as("a one-way message arrives").isNotNull();
    return r;
  }

  @Test
  void requestResponseAndOneWayCarryProvenIds() throws Exception {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    assertThat(b.self().address().port()).isPositive();

    Message reply = await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("hello")));
    assertThat(reply).isEqualTo(new EchoStrategy.EchoReply("hello"));
    Peer seenByB = echo(b).requesters.poll(NetTestSupport.AWAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(seenByB).isEqualTo(a.self());

    echo(a).ctx.transport().send(b.self(), new EchoStrategy.Note("one way"));
    EchoStrategy.Received note = nextNote(b);
    assertThat(note.from()).isEqualTo(a.self());
    assertThat(note.message()).isEqualTo(new EchoStrategy.Note("one way"));

    assertThat(a.stats().traffic().get("test.echo").sent()).isEqualTo(1);
    assertThat(b.stats().traffic().get("test.echo").received()).isEqualTo(1);
    assertThat(a.stats().traffic().get("test.echo_reply").received()).isEqualTo(1);
    assertThat(b.stats().traffic().get("test.note").receivedBytes()).isPositive();
  }

  @Test
  void manyConcurrentRequestsShareOneConnection() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    List<Future<Message>> replies = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      replies.add(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("m" + i)));
    }
    await(Future.all(replies));
    for (int i = 0; i < replies.size(); i++) {
      assertThat(replies.get(i).result()).isEqualTo(new EchoStrategy.EchoReply("m" + i));
    }
    assertThat(a.stats().counter("net.connections.opened")).isEqualTo(1);
    assertThat(await(transport(a).connectionCount())).isEqualTo(1);
    assertThat(await(transport(b).connectionCount())).isEqualTo(1);
  }

  @Test
  void theReverseDirectionReusesTheSameConnection() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("x")));
    await(echo(b).ctx.transport().request(a.self(), new EchoStrategy.Echo("y")));
    assertThat(a.stats().counter("net.connections.opened")).isEqualTo(1);
    assertThat(b.stats().counter("net.connections.opened")).isEqualTo(1);
  }

  @Test
  void aFailingHandlerGivesRemoteExceptionWithItsReason() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    Throwable t = failure(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Fail("disk on fire")));
    assertThat(t).isInstanceOf(RemoteException.class).hasMessageContaining("disk on fire").hasMessageContaining("test.fail");
    // the connection survives a remote failure
    assertThat(await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("ok")))).isEqualTo(new EchoStrategy.EchoReply("ok"));
  }

  @Test
  void anUnansweredRequestTimesOutNamingPeerAndType() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    Throwable t = failure(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Slow(), 300));
    assertThat(t).isInstanceOf(RequestTimeoutException.class)
        .hasMessageContaining("test.slow").hasMessageContaining(b.self().toString()).hasMessageContaining("300 ms");
  }

  @Test
  void aTooLargeOutgoingMessageFailsThatRequestOnly() {
    NodeEngine a = nodes.start(NetTestSupport.options().setMaxFrameBytes(2048));
    NodeEngine b = nodes.start();
    Throwable t = failure(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("x".repeat(5000))));
    assertThat(t).isInstanceOf(FrameTooLargeException.class).hasMessageContaining("test.echo").hasMessageContaining("2048");
    assertThat(await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("small")))).isEqualTo(new EchoStrategy.EchoReply("small"));
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    NodeEngine a = nodes.start();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Address dead = new Address("127.0.0.1", port);
    Throwable t = failure(echo(a).ctx.transport().request(dead, new EchoStrategy.Echo("?"), 15_000));
    assertThat(t).isInstanceOf(PeerUnreachableException.class).hasMessageStartingWith("cannot connect to 127.0.0.1:" + port + ": ");
    Throwable t2 = failure(echo(a).ctx.transport().request(new Peer(Identity.generate().id(), dead), new EchoStrategy.Echo("?"), 15_000));
    assertThat(t2).isInstanceOf(PeerUnreachableException.class).hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void joinThroughADeadBootstrapFailsNamingTheAddress() throws Exception {
    NodeEngine a = nodes.start(NetTestSupport.options().setJoinTimeout(Duration.ofSeconds(3)));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Throwable t = failure(a.join(List.of(new Address("127.0.0.1", port))));
    assertThat(t).isInstanceOf(HopscotchException.class).hasMessageContaining("127.0.0.1:" + port);
  }

  /**
   * A plain TCP listener on loopback that accepts every connection and never answers; if
   * {@code greeting} is not null it writes it to each connection, as a server of another protocol
   * would. Closing it closes every accepted socket and ends its thread.
   */
  private static final class WrongListener implements AutoCloseable {
    final java.net.ServerSocket server = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
    final List<java.net.Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    final Thread acceptor;

    WrongListener(byte[] greeting) throws java.io.IOException {
      acceptor = new Thread(() -> {
        try {
          while (!server.isClosed()) {
            java.net.Socket s = server.accept();
            accepted.add(s);
            if (greeting != null) {
              s.getOutputStream().write(greeting);
              s.getOutputStream().flush();
            }
          }
        } catch (java.io.IOException e) {
          // the listener was closed: the thread ends
        }
      }, "wrong-bootstrap-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    Address address() {
      return new Address("127.0.0.1", server.getLocalPort());
    }

    @Override
    public void close() throws Exception {
      server.close();
      synchronized (accepted) {
        for (java.net.Socket s : accepted) {
          s.close();
        }
      }
      acceptor.join(10_000);
    }
  }

  @Test
  void joinThroughASilentBootstrapTimesOutNamingTheAddress() throws Exception {
    // The join timeout is the shortest of the node's timeouts, so it is the one that ends the join.
    NodeEngine a = nodes.start(NetTestSupport.options().setJoinTimeout(Duration.ofSeconds(2)));
    try (WrongListener silent = new WrongListener(null)) {
      Throwable t = failure(a.join(List.of(silent.address())));
      assertThat(t).isInstanceOf(HopscotchException.class)
          .hasMessageContaining("timed out").hasMessageContaining(silent.address().toString());
      // The connection was accepted: the join failed because nothing answered, not because of a refusal.
      eventually("the silent listener accepted the node's connection", () -> !silent.accepted.isEmpty());
    }
  }

  @Test
  void joinThroughABootstrapThatDoesNotSpeakTlsFailsNamingTheAddress() throws Exception {
    NodeEngine a = nodes.start(NetTestSupport.options().setJoinTimeout(Duration.ofSeconds(2)));
    byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (WrongListener wrong = new WrongListener(http)) {
      Throwable t = failure(a.join(List.of(wrong.address())));
      assertThat(t).isInstanceOf(HopscotchException.class).hasMessageContaining(wrong.address().toString());
    }
  }

  @Test
  void joinThroughALiveBootstrapSucceeds() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start(NetTestSupport.options().addBootstrap(a.self().address()));
    await(b.join());
  }

  @Test
  void aPeerWithAnotherIdIsRejectedAndTheListenerKeepsServing() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    NodeEngine c = nodes.start();
    Peer impostor = new Peer(Identity.generate().id(), b.self().address());
    Throwable t = failure(echo(a).ctx.transport().request(impostor, new EchoStrategy.Echo("?")));
    assertThat(t).isInstanceOf(PeerIdMismatchException.class)
        .hasMessageContaining(b.self().id().toString()).hasMessageContaining(impostor.id().toString());
    assertThat(a.stats().counter("net.peer_id_mismatch")).isEqualTo(1);
    assertThat(await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("real")))).isEqualTo(new EchoStrategy.EchoReply("real"));
    assertThat(await(echo(c).ctx.transport().request(b.self(), new EchoStrategy.Echo("other")))).isEqualTo(new EchoStrategy.EchoReply("other"));
  }

  @Test
  void aRequestByAddressLearnsWhateverIdIsProven() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    await(echo(a).ctx.transport().request(b.self().address(), new EchoStrategy.Echo("boot"), 15_000));
    assertThat(echo(b).requesters.poll()).isEqualTo(a.self());
    // a later request by id reuses that connection
    await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("again")));
    assertThat(a.stats().counter("net.connections.opened")).isEqualTo(1);
  }

  @Test
  void aFirewalledNodeIsReachedOnTheConnectionItOpened() throws Exception {
    NodeEngine listener = nodes.start();
    NodeEngine walled = nodes.start(NetTestSupport.options().setFirewalled(true));
    assertThat(walled.self().address().port()).isZero();

    Message r = await(echo(walled).ctx.transport().request(listener.self(), new EchoStrategy.CallBack("back to you")));
    assertThat(r).isEqualTo(new EchoStrategy.EchoReply("back to you"));
    EchoStrategy.Received note = nextNote(walled);
    assertThat(note.from()).isEqualTo(listener.self());
    assertThat(note.message()).isEqualTo(new EchoStrategy.Note("back to you"));

    Peer walledAsSeen = echo(listener).requesters.poll(NetTestSupport.AWAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(walledAsSeen).isEqualTo(walled.self());
    Message back = await(echo(listener).ctx.transport().request(walledAsSeen, new EchoStrategy.Echo("listener asks")));
    assertThat(back).isEqualTo(new EchoStrategy.EchoReply("listener asks"));
    assertThat(listener.stats().counter("net.connections.opened")).isEqualTo(1);
  }

  @Test
  void aFirewalledNodeWithoutConnectionIsUnreachable() {
    NodeEngine listener = nodes.start();
    NodeEngine walled = nodes.start(NetTestSupport.options().setFirewalled(true));
    Throwable t = failure(echo(listener).ctx.transport().request(walled.self(), new EchoStrategy.Echo("?")));
    assertThat(t).isInstanceOf(PeerUnreachableException.class).hasMessageContaining("firewalled");
  }

  @Test
  void idleConnectionsCloseAndTheNextRequestReconnects() {
    NodeEngine a = nodes.start(NetTestSupport.options().setIdleTimeout(Duration.ofMillis(300)));
    NodeEngine b = nodes.start(NetTestSupport.options().setIdleTimeout(Duration.ofMillis(300)));
    await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("1")));
    eventually("a's idle connection closes", () -> await(transport(a).connectionCount()) == 0);
    eventually("b's idle connection closes", () -> await(transport(b).connectionCount()) == 0);
    await(echo(a).ctx.transport().request(b.self(), new EchoStrategy.Echo("2")));
    assertThat(a.stats().counter("net.connections.opened")).isEqualTo(2);
  }

  @Test
  void theCoreProbeMeasuresAPositiveRoundTrip() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    ProbeResult p = await(echo(a).ctx.probe(b.self(), 64 * 1024));
    assertThat(p.rttNanos()).isPositive();
    assertThat(p.bytesPerSecond()).isPositive();
    assertThat(p.peer()).isEqualTo(b.self());
  }

  @Test
  void closingFailsPendingRequests() {
    NodeEngine a = nodes.start();
    NodeEngine b = nodes.start();
    Future<Message> pending = echo(a).ctx.transport().request(b.self(), new EchoStrategy.Slow(), 60_000);
    eventually("b received the request", () -> !echo(b).requesters.isEmpty());
    await(a.close());
    assertThat(failure(pending)).isInstanceOf(HopscotchException.class);
  }

  @Test
  void theSameIdentityFileGivesTheSameId(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path file = dir.resolve("node.id");
    NodeEngine a = nodes.start(NetTestSupport.options().setIdentityFile(file));
    NodeEngine b = nodes.start(NetTestSupport.options().setIdentityFile(file));
    assertThat(b.id()).isEqualTo(a.id());
  }
}
