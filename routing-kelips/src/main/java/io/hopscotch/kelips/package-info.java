/**
 * Kelips routing (routing name {@code kelips}): k ≈ √N affinity groups kept by gossip, so that a lookup
 * takes one hop. Start at {@link io.hopscotch.kelips.KelipsRouting}; the parts are
 * {@link io.hopscotch.kelips.AffinityGroups} (group arithmetic), {@link io.hopscotch.kelips.GroupView}
 * (the own group), {@link io.hopscotch.kelips.ContactTable} (contacts in other groups, by RTT),
 * {@link io.hopscotch.kelips.TupleStore} (the group's file tuples), {@link io.hopscotch.kelips.Gossip}
 * (probes, signed membership and dissemination), {@code TupleSync} (anti-entropy of tuples),
 * {@code Asking} (contacts, then relays) and {@link io.hopscotch.kelips.KelipsMessages} (wire ids
 * 250–299). Options:
 * {@link io.hopscotch.kelips.KelipsOptions}.
 */
package io.hopscotch.kelips;
