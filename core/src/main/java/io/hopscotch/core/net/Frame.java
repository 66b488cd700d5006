package io.hopscotch.core.net;

import io.hopscotch.core.Address;
import io.hopscotch.core.wire.Message;

/**
 * One decoded frame of the network protocol. Every frame body starts with a kind byte; see
 * {@link FrameCodec} for the layout.
 */
sealed interface Frame {

  /** Kind byte of {@link Hello}. */
  int HELLO = 0;
  /** Kind byte of {@link OneWay}. */
  int ONEWAY = 1;
  /** Kind byte of {@link Request}. */
  int REQUEST = 2;
  /** Kind byte of {@link Response}. */
  int RESPONSE = 3;
  /** Kind byte of {@link Error}. */
  int ERROR = 4;

  /**
   * The first frame each side sends on a connection.
   *
   * @param version protocol version of the sender
   * @param address where the sender listens (port 0 if firewalled)
   * @param firewalled whether the sender accepts inbound connections
   */
  record Hello(int version, Address address, boolean firewalled) implements Frame {
  }

  /** A one-way message. */
  record OneWay(Message message) implements Frame {
  }

  /** A request awaiting a {@link Response} or {@link Error} with the same correlation id. */
  record Request(int correlation, Message message) implements Frame {
  }

  /** The answer to the request with this correlation id. */
  record Response(int correlation, Message message) implements Frame {
  }

  /** The responder's handler failed; {@code reason} is its bounded explanation. */
  record Error(int correlation, String reason) implements Frame {
  }
}
