/**
 * Pastry routing (routing name {@code pastry}): prefix routing in base 2^b with a leaf set and a
 * neighbourhood set, proximity neighbour selection, join by routing to the node's own id, leaf-set and
 * routing-table maintenance, and replication on the numerically closest nodes.
 *
 * <p>Read top to bottom: {@link io.hopscotch.pastry.PastryProvider} and
 * {@link io.hopscotch.pastry.PastryConfig} (options), {@link io.hopscotch.pastry.PastryRouting} (the
 * strategy), the state ({@code RoutingTable}, {@code LeafSet}, {@code NeighbourhoodSet},
 * {@code NodeState}), {@code Router} (the three routing cases), {@code IterativeRoute} (walking a route
 * from its origin), {@code JoinProtocol}, {@code Maintenance}, {@code Replicator}, {@code KeywordIndex}
 * and {@link io.hopscotch.pastry.PastryMessages} (wire types 200–249).
 */
package io.hopscotch.pastry;
