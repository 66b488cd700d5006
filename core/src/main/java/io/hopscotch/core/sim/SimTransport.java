package io.hopscotch.core.sim;

import io.hopscotch.core.Address;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.InboundHandler;
import io.hopscotch.core.spi.NodeTransport;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.util.Objects;

/** A node's view of the simulated network; the network model itself lives in {@link SimNetwork}. */
final class SimTransport implements NodeTransport {

  private final SimRuntime owner;
  private final SimNetwork network;
  private InboundHandler handler;

  SimTransport(SimRuntime owner, SimNetwork network) {
    this.owner = owner;
    this.network = network;
  }

  InboundHandler handler() {
    return handler;
  }

  @Override
  public Future<Address> start(InboundHandler inbound) {
    this.handler = Objects.requireNonNull(inbound, "handler");
    return Future.succeededFuture(owner.peer().address());
  }

  @Override
  public Future<Void> close() {
    owner.kill();
    return Future.succeededFuture();
  }

  @Override
  public void send(Peer to, Message message) {
    network.send(owner, to.id(), to.address(), message);
  }

  @Override
  public Future<Message> request(Peer to, Message request) {
    return network.request(owner, to.id(), to.address(), request, owner.requestTimeoutMillis());
  }

  @Override
  public Future<Message> request(Peer to, Message request, long timeoutMillis) {
    return network.request(owner, to.id(), to.address(), request, timeoutMillis);
  }

  @Override
  public Future<Message> request(Address to, Message request, long timeoutMillis) {
    return network.request(owner, null, to, request, timeoutMillis);
  }
}
