/**
 * The swarm's networking: the {@link io.hopscotch.transfer.swarm.net.PeerWireTransport} seam with
 * plain TCP on Vert.x and in-memory channels, timers on a Vert.x context, and the HTTP tracker
 * server and client. The only place in the swarm that touches Vert.x beyond futures.
 */
package io.hopscotch.transfer.swarm.net;
