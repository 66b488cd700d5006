package io.hopscotch.core.wire;

import io.hopscotch.core.HopscotchException;

/**
 * A peer sent something well formed that it must not send: a forged registration, a record whose
 * signature does not hold, a claim made in another node's name. Unlike a refusal (a full table, an
 * unknown key), it shows that the connection cannot be trusted.
 *
 * <p>A request handler that fails its future with this exception makes the network transport answer
 * the request with an error carrying the message, log the reason (one WARN line), and close that
 * connection; the node keeps serving everyone else and nothing stored is affected. The simulated
 * transport has no connections: it answers the error like any other failure, so a simulated run is
 * unchanged. See also {@link io.hopscotch.core.spi.Transport#disconnect}.
 */
public final class ProtocolViolationException extends HopscotchException {

  private static final long serialVersionUID = 1L;

  /** A violation; the message names the peer and says what it sent. */
  public ProtocolViolationException(String message) {
    super(message);
  }

  /** A violation with the failure that revealed it. */
  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
