/**
 * FastTrack-style supernodes (routing name {@code supernode}): nodes with a high participation score
 * are elected supernodes, ordinary nodes attach to one and upload their listings, and queries travel
 * only among supernodes. Supernodes are promoted and demoted at run time to keep a target ratio, and
 * a supernode whose score falls below the demotion threshold under its measured query load steps down
 * (see {@link io.hopscotch.search.supernode.ParticipationScore}).
 */
package io.hopscotch.search.supernode;
