/**
 * The Go runtime's internals, read beside golang/go's {@code src/runtime}. Which class mirrors
 * which real file, in reading order:
 *
 * <ol>
 *   <li>{@code Runtime}, {@code Profile} with its {@code GoFeature}s, {@code RuntimeOptions},
 *       {@code Citations}: the model's state, the release being modeled, its options, and the
 *       per-release line each cited function starts on.
 *   <li>{@code Proc}, {@code ProcG}: {@code runtime/proc.go} (start-up, M creation, G creation).
 *   <li>{@code Start}: {@code runtime/asm_amd64.s}'s rt0_go, then {@code runtime/proc.go}'s
 *       schedinit, mstart and runtime.main.
 *   <li>{@code Schedule}: {@code runtime/proc.go}'s scheduler loop ({@code RandomOrder}: the order
 *       stealWork visits the Ps in); {@code Preempt}: a running G's preemption ({@code
 *       runtime/stack.go}'s newstack, {@code runtime/preempt.go}, proc.go's gopreempt_m and
 *       goschedImpl); {@code SignalUnix}: the preemption signal ({@code runtime/signal_unix.go}'s
 *       initsig, preemptM, doSigPreempt, os_linux.go's signalM, the assembly sigtramp).
 *   <li>{@code Program}: the model's interpreter of a goroutine's steps, which execute hands the G
 *       to; {@code Chan}: {@code runtime/chan.go}'s chansend and chanrecv.
 *   <li>{@code Cgocall}: {@code runtime/cgocall.go} and proc.go's system-call bracket.
 *   <li>{@code Sysmon}, {@code LockOSThread}: {@code runtime/proc.go}'s Ms without a P, and
 *       LockOSThread.
 *   <li>{@code Time}: {@code runtime/time.go}; {@code Netpoll}: {@code runtime/netpoll_epoll.go}.
 *   <li>{@code M}, {@code P}, {@code G}, {@code Sched}, {@code GStatus}, {@code PStatus}: the
 *       structures of {@code runtime/runtime2.go}; {@code GList} and {@code GQueue}: proc.go's
 *       {@code gList} and {@code gQueue} ({@code SchedlinkIterator} walks both).
 *   <li>{@code Stacks}, {@code Stack}: {@code runtime/stack.go}.
 *   <li>{@code Mheap}: {@code runtime/malloc.go}, {@code runtime/mheap.go}, {@code
 *       runtime/mpagealloc_64bit.go}.
 *   <li>{@code OsLinux}: {@code runtime/os_linux.go}, {@code runtime/sys_linux_amd64.s}, {@code
 *       runtime/signal_unix.go}, {@code runtime/retry.go}; {@code LockFutex}: {@code
 *       runtime/lock_futex.go}.
 *   <li>{@code Cgo}: {@code runtime/cgo/gcc_libinit.c}, {@code runtime/cgo/gcc_linux_amd64.c},
 *       {@code runtime/cgo/gcc_amd64.S}, {@code runtime/cgo/gcc_fatalf.c}; {@code OsDarwin}: {@code
 *       runtime/os_darwin.go}, {@code runtime/sys_darwin_amd64.s} (go1.14).
 *   <li>{@code Debug}: {@code runtime/runtime1.go}; {@code Print}: {@code runtime/print.go}.
 *   <li>{@code Op}: the steps a goroutine's body is made of; {@code Consts}: the runtime's
 *       linux/amd64 constants; {@code GoThrow} (a fatal {@code throw}) and {@code Ended} (the
 *       process ended inside a call) unwind a modeled call; {@code Inspect}: read-only views and
 *       the invariants that hold between steps.
 * </ol>
 */
@NullMarked
package io.github.clonepath.goruntime.runtime;

import org.jspecify.annotations.NullMarked;
