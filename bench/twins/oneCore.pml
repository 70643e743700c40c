/* Promela twin of the explorer model `one-core-a1-h6` (models/manifest.json): one para on one core,
   ancestry 1 (relay parents N-2 … N-1), rotation every 3 blocks, availability period 1, one backing
   group of 4 validators (always enough votes). Per relay block the environment picks availability
   (all | none) and the collation (none | newest allowed relay parent | the one before).

   The variables are exactly the information in the explorer's canonical key for this model
   (explore/key.ts): the block number, the para's most recent context (= the ghost's last included
   relay parent), and the pending candidate (relay parent, backed-in block). Head and candidate hashes
   are canonical (one head, at most one candidate), the tracker is a function of the block number, and
   lifecycle records of this model are never kept by the key. Every block is ONE d_step, so SPIN stores
   exactly the block-boundary states: "states, stored" is the explorer's distinct-state count.
   Usage: spin -a -DH=6 oneCore.pml && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c && ./pan */
#ifndef H
#define H 6
#endif
#define FREQ 3
#define PERIOD 1

byte now = 0;      /* the tip's block number */
byte mrc = 0;      /* paras::MostRecentContext */
bit  plen = 0;     /* a candidate pending availability on core 0 */
byte prp = 0;      /* its relay-parent number */
byte pbk = 0;      /* the block it was backed in */

/* One relay block N = now + 1: av = 1 all validators sign availability, 0 none; rpBack = 0 | 1, 2 = no collation. */
byte N, lo, hi, prev, rp;   /* scratch, reset to 0 at the end of every block */

inline block(av, rpBack) {
    N = now + 1;
    /* availability: all bitfields enact the pending candidate (RT-12..RT-14) */
    if :: av && plen -> mrc = prp; plen = 0; prp = 0; pbk = 0 :: else fi;
    /* timeouts (RT-15, RT-16, RT-17): checked when (N + 1) % FREQ < PERIOD */
    if :: plen && ((N + 1) % FREQ) < PERIOD && pbk + PERIOD <= N -> plen = 0; prp = 0; pbk = 0 :: else fi;
    /* the collator: the allowed relay parents not older than the latest context, newest first */
    if
    :: rpBack < 2 && !plen ->
       prev = mrc;
       hi = N - 1;
       lo = (N >= 2 -> N - 2 : 0);
       if :: lo < prev -> lo = prev :: else fi;
       rp = (hi - lo >= rpBack -> hi - rpBack : lo);
       plen = 1; prp = rp; pbk = N
    :: else   /* no collation, or the only core is occupied (NoScheduledCore) */
    fi;
    now = N;
    /* invariants on the new state (INV-01, INV-03) */
    assert(!plen || (prp + 2 >= pbk && prp < pbk && prp >= mrc));
    N = 0; lo = 0; hi = 0; prev = 0; rp = 0
}

active proctype relay() {
end:
  do
  :: d_step { now < H -> block(1, 2) }
  :: d_step { now < H -> block(1, 0) }
  :: d_step { now < H -> block(1, 1) }
  :: d_step { now < H -> block(0, 2) }
  :: d_step { now < H -> block(0, 0) }
  :: d_step { now < H -> block(0, 1) }
  od
}
