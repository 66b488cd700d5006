/**
 * The deterministic discrete-event simulator: {@link io.hopscotch.core.sim.Simulation} runs many
 * {@link io.hopscotch.core.sim.SimNode}s (each an unchanged {@link io.hopscotch.core.impl.NodeEngine}
 * with its strategies) in one thread on a virtual clock, over a simulated network with latency
 * ({@link io.hopscotch.core.sim.LatencyModel}), per-node link rates, loss, partitions, firewalls and
 * crashes. The same seed gives the same run, bit for bit. Signatures inside the simulator are a cheap
 * stand-in ({@link io.hopscotch.core.sim.SimulatedSigner}) and are not secure.
 */
package io.hopscotch.core.sim;
