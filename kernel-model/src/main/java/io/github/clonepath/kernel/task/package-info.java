/**
 * The task and its five shared structures, as plain kernel-internal records of state. Fields mirror
 * the C structures and are public to the kernel's other packages; behaviour (fork, exit, signals,
 * futex) lives in those packages, which read and change these fields as the real functions do.
 * Which class mirrors which real definition, in reading order:
 *
 * <ol>
 *   <li>{@code Task}, {@code TaskState}: {@code struct task_struct} and its {@code __state} ({@code
 *       include/linux/sched.h}); {@code WaitReason} and {@code Resumption}: why a task sleeps and
 *       what it does when dispatched again (the model's counterparts of a wait queue entry and a
 *       saved user context).
 *   <li>{@code FsStruct}: {@code include/linux/fs_struct.h}; {@code FilesStruct}: {@code
 *       include/linux/fdtable.h}; {@code OpenFile}: {@code struct file} and {@code Dentry}: a
 *       dentry with its inode ({@code include/linux/fs.h}, {@code include/linux/dcache.h}); {@code
 *       PipeInode}: {@code struct pipe_inode_info} ({@code include/linux/pipe_fs_i.h}).
 *   <li>{@code SighandStruct}, {@code SignalStruct}: {@code include/linux/sched/signal.h}; {@code
 *       KSigaction}: {@code include/linux/signal_types.h}; {@code SigInfo}: what strace prints of a
 *       queued signal's {@code struct kernel_siginfo}; {@code Rlimit}: {@code struct rlimit} of
 *       {@code include/uapi/linux/resource.h}.
 *   <li>{@code Cred}: {@code include/linux/cred.h}; {@code UserNamespace}: {@code
 *       include/linux/user_namespace.h}.
 *   <li>{@code Pid}: {@code include/linux/pid.h}; {@code PidNamespace}: {@code
 *       include/linux/pid_namespace.h} with the idr of {@code kernel/pid.c}; {@code Nsproxy}:
 *       {@code include/linux/nsproxy.h}; {@code Namespace}: the other namespaces, as {@code struct
 *       ns_common} ({@code include/linux/ns_common.h}); {@code SemUndoList}: {@code ipc/sem.c}.
 *   <li>{@code Kernel}: the globals of one machine ({@code nr_threads} and {@code max_threads} of
 *       {@code kernel/fork.c}, {@code pid_max} of {@code kernel/pid.c}, the task table); {@code
 *       ProcessMmEnv}: what an address space asks of its process (rlimits, sysctls, the commit
 *       charge).
 *   <li>{@code Uaccess}: the user-memory accessors of {@code include/linux/uaccess.h}; {@code
 *       ErrOr}: {@code ERR_PTR} of {@code include/linux/err.h}.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.task;

import org.jspecify.annotations.NullMarked;
