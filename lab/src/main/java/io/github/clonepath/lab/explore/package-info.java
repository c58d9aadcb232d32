/**
 * Schedule exploration: run one scenario under many schedules and group the runs by outcome.
 *
 * <p>From a JUnit test:
 *
 * <pre>{@code
 * Explorer e = new Explorer(Scenarios.load("glibc/s1_seq_norseq", Map.of()));
 * Explorer.Result r = e.explore(Strategy.PCT, 200, 1, 0, 2);
 * for (Explorer.Found f : r.outcomes()) {
 *   assertEquals("", f.outcome().violation(), f.schedule().token());
 *   assertEquals(0, f.outcome().exit());
 * }
 * }</pre>
 *
 * <p>Each {@link io.github.clonepath.lab.explore.Schedule} token replays its run byte for byte
 * ({@code Explorer.run(Schedule.parse(token))}, or {@code clonepath run SCENARIO --schedule
 * TOKEN}). The scheduling points and which interleavings they reach are described in
 * docs/exploring.md.
 */
package io.github.clonepath.lab.explore;
