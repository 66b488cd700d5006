/**
 * Kelips routing (routing name kelips): affinity groups and gossip for one-hop lookups. Built by a later issue.
 */
package io.hopscotch.kelips;
