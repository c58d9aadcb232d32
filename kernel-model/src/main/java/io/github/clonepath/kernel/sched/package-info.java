/**
 * The machine's scheduler: one run queue (FIFO, or seeded-random picks), sleeping states, a timer
 * queue in virtual time and the CPUs that compute time is spread over. No Java threads: a task runs
 * only when {@link io.github.clonepath.kernel.sched.Scheduler#run()} dispatches it, and it runs
 * until its user code blocks, yields or exits. In reading order:
 *
 * <ol>
 *   <li>{@code Scheduler}: the parts of {@code kernel/sched/core.c} the model needs ({@code
 *       wake_up_new_task}, the preemption point of {@code preempt_schedule_irq}, sleeping, waking
 *       and yielding) and the dispatch loop, which has no kernel counterpart.
 *   <li>{@code Timer}: one pending hrtimer ({@code kernel/time/hrtimer.c}'s role).
 *   <li>{@code ExitUnwind}: the model's way out of a finished task's Java frames; not kernel code.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.sched;

import org.jspecify.annotations.NullMarked;
