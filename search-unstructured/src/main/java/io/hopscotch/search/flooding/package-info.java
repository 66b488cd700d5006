/**
 * Gnutella-style flooding (routing name {@code flooding}): neighbour links toward a target degree,
 * Ping/Pong discovery with pong caching, queries flooded with descriptor ids, TTL and hop counts,
 * query hits along the exact reverse path, and Push for firewalled holders. Items stay at the node
 * that shares them; a {@code get} is a search for the key.
 */
package io.hopscotch.search.flooding;
