/**
 * Real networking: {@link io.hopscotch.core.net.NetworkNode} builds a node whose runtime is a Vert.x
 * event-loop context (on one Vert.x instance shared by the process's nodes unless the application
 * supplies its own) and whose transport is {@link io.hopscotch.core.net.NetworkTransport}: TCP with
 * TLS 1.3 and mutual authentication by each node's self-signed Ed25519 certificate, whose key hashes
 * to the node id; length-prefixed frames with a hard size limit; request/response with correlation
 * ids and timeouts; one reused connection per peer; idle close.
 */
package io.hopscotch.core.net;
