package io.hopscotch.core.sim;

/**
 * A failure reported by the simulator itself: a future given to {@link Simulation#await} failed (the
 * original failure is the cause, the message adds the virtual time), or a message did not survive
 * encoding when {@link Simulation.Builder#encodeMessages} is on.
 */
public final class SimulationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message saying what happened and when. */
  public SimulationException(String message) {
    super(message);
  }

  /** With a message saying what happened and when, and the underlying failure. */
  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
