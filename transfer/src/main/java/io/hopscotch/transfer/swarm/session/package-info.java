/**
 * Swarm sessions: a peer (engine) with one port and peer id running any number of torrents, each
 * with its connections, request pipelining, piece verification, banning and choking.
 */
package io.hopscotch.transfer.swarm.session;
