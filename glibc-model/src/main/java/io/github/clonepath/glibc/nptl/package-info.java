/**
 * The NPTL model's internals, read beside glibc's sources (glibc 2.36 unless a class says another
 * release). Not exported; other layers use {@link io.github.clonepath.glibc.pthread}. Which class
 * mirrors which real file, in reading order:
 *
 * <ol>
 *   <li>{@code Nptl}: the per-process state (descriptors, stack lists, default attributes, {@code
 *       __nptl_nthreads}) and the door's implementation, which hands each call to the class below
 *       that mirrors its file; {@code NptlFactory} is how the door finds it.
 *   <li>{@code NptlInit}: {@code elf/rtld.c} ({@code init_tls}), {@code
 *       sysdeps/nptl/pthread_early_init.h}, and 2.31's {@code nptl/nptl-init.c}.
 *   <li>{@code PthreadCreate}: {@code nptl/pthread_create.c} ({@code late_init}, {@code
 *       __pthread_create_2_1}, {@code create_thread}), with {@code
 *       sysdeps/unix/sysv/linux/clone-internal.c} and 2.31's {@code
 *       sysdeps/unix/sysv/linux/createthread.c}.
 *   <li>{@code AllocateStack}: {@code nptl/allocatestack.c} ({@code allocate_stack}, {@code
 *       setup_stack_prot}, {@code advise_stack_range}).
 *   <li>{@code MallocArena}: {@code malloc/arena.c} (a thread's first arena: {@code arena_get2},
 *       {@code _int_new_arena}, {@code new_heap}, {@code arena_thread_freeres}).
 *   <li>{@code StackCache}: {@code nptl/nptl-stack.c} and {@code nptl/nptl-stack.h} (the lists and
 *       the cache), {@code get_cached_stack} of {@code nptl/allocatestack.c}, and {@code
 *       reclaim_stacks} of {@code sysdeps/nptl/fork.h}.
 *   <li>{@code StartThread}: {@code start_thread} of {@code nptl/pthread_create.c} and its exit
 *       path, and {@code sysdeps/nptl/libc_start_call_main.h} for the main thread; {@code Exit}:
 *       {@code stdlib/exit.c}.
 *   <li>{@code LowLevelLock}: {@code lll_lock} and {@code lll_unlock} of {@code
 *       sysdeps/nptl/lowlevellock.h} and {@code nptl/lowlevellock.c} (the stopped start's {@code
 *       pd->lock}).
 *   <li>{@code PthreadJoin}: {@code nptl/pthread_join_common.c}, with {@code
 *       nptl/pthread_tryjoin.c} and {@code nptl/pthread_timedjoin.c}; {@code PthreadDetach}: {@code
 *       nptl/pthread_detach.c}; {@code NptlFreeTcb}: {@code nptl/nptl_free_tcb.c}; {@code
 *       PthreadGetattrNp}: {@code nptl/pthread_getattr_np.c}; {@code PthreadSetattrDefaultNp}:
 *       {@code nptl/pthread_setattr_default_np.c}.
 *   <li>{@code PthreadSigmask}: {@code nptl/pthread_sigmask.c}; {@code Abort}: {@code
 *       stdlib/abort.c} and {@code nptl/pthread_kill.c}; {@code InternalSignals}: {@code
 *       sysdeps/unix/sysv/linux/internal-signals.h} and {@code
 *       sysdeps/unix/sysv/linux/libc_sigaction.c}.
 *   <li>{@code PthreadExit}: {@code nptl/pthread_exit.c}; {@code Unwind}: {@code nptl/unwind.c} and
 *       {@code __do_cancel} of {@code nptl/pthreadP.h}; {@code UnwindLink}: {@code
 *       misc/unwind-link.c} (the unwinder loaded on first use, through {@code
 *       io.github.clonepath.glibc.elf}).
 *   <li>{@code PthreadCancel}: {@code nptl/pthread_cancel.c} and {@code nptl/pthread_kill.c};
 *       {@code Cancellation}: {@code nptl/cancellation.c} and a cancellation point.
 *   <li>{@code Fork}: {@code posix/fork.c} and {@code sysdeps/nptl/_Fork.c}.
 *   <li>{@code Spawni}: {@code sysdeps/unix/sysv/linux/spawni.c}.
 *   <li>{@code Tcb}: {@code struct pthread} of {@code nptl/descr.h}; {@code Layout}: its measured
 *       offsets and the constants of glibc's headers.
 * </ol>
 */
@NullMarked
package io.github.clonepath.glibc.nptl;

import org.jspecify.annotations.NullMarked;
