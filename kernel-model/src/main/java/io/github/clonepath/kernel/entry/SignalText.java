package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.SigInfo;
import org.jspecify.annotations.Nullable;

/**
 * The signal calls as strace 6.1 prints them (its signal.c and sigaltstack.c): masks as {@code
 * [SIGINT SIGTERM]} or {@code ~[...]}, actions and stacks as structs. What the calls read from or
 * wrote to user memory is captured when they are recorded, as the values below.
 */
enum SignalText implements SyscallEvent.Printer {
  /** rt_sigprocmask's printer: arguments how, set, oldset, sigsetsize; {@link Masks}. */
  RT_SIGPROCMASK(
      e -> {
        Masks m = e.decoded(Masks.class);
        long set = e.arg(1);
        long oldset = e.arg(2);
        long sigsetsize = e.arg(3);
        StringBuilder sb = new StringBuilder(64).append("rt_sigprocmask(");
        sb.append(how((int) e.arg(0))).append(", ");
        if (set == 0) {
          sb.append("NULL");
        } else if (m.newSet() != null && sigsetsize == 8) {
          Signals.appendSet(sb, m.newSet());
        } else {
          Strace.appendAddr(sb, set);
        }
        sb.append(", ");
        if (oldset == 0) {
          sb.append("NULL");
        } else if (e.result() == 0) {
          Signals.appendSet(sb, m.old());
        } else {
          Strace.appendAddr(sb, oldset);
        }
        return Strace.ret(sb.append(", ").append(sigsetsize).append(')'), e);
      }),
  /** rt_sigaction's printer: arguments sig, act, oldact, sigsetsize; {@link Actions}. */
  RT_SIGACTION(
      e -> {
        Actions a = e.decoded(Actions.class);
        long act = e.arg(1);
        long oldact = e.arg(2);
        String actText =
            act == 0 ? "NULL" : a.newAct() != null ? actionText(a.newAct()) : Strace.addr(act);
        String oldText =
            oldact == 0
                ? "NULL"
                : e.result() == 0 && a.old() != null ? actionText(a.old()) : Strace.addr(oldact);
        return Strace.ret(
            "rt_sigaction("
                + Signals.name(e.arg(0))
                + ", "
                + actText
                + ", "
                + oldText
                + ", "
                + e.arg(3)
                + ")",
            e);
      }),
  /** sigaltstack's printer: arguments ss, old_ss; {@link AltStacks}. */
  SIGALTSTACK(
      e -> {
        AltStacks st = e.decoded(AltStacks.class);
        long ss = e.arg(0);
        long oldss = e.arg(1);
        String ssText = ss == 0 ? "NULL" : st.ss() == null ? Strace.addr(ss) : stackText(st.ss());
        String oldText =
            oldss == 0 ? "NULL" : e.result() == 0 ? stackText(st.old()) : Strace.addr(oldss);
        return Strace.ret("sigaltstack(" + ssText + ", " + oldText + ")", e);
      }),
  /** kill's printer: arguments pid, sig. */
  KILL(e -> Strace.ret("kill(" + (int) e.arg(0) + ", " + signal((int) e.arg(1)) + ")", e)),
  /** tgkill's printer: arguments tgid, tid, sig. */
  TGKILL(
      e ->
          Strace.ret(
              "tgkill("
                  + (int) e.arg(0)
                  + ", "
                  + (int) e.arg(1)
                  + ", "
                  + signal((int) e.arg(2))
                  + ")",
              e)),
  /**
   * A signal's delivery, as strace prints the signal-delivery stop: {@code --- SIGURG
   * {si_signo=SIGURG, si_code=SI_TKILL, si_pid=7271, si_uid=0} ---}; no system call, no result. The
   * event's one argument is the signal; {@link SigInfo} is its sender.
   */
  SIGNAL(e -> signalLine(e.decoded(SigInfo.class)));

  /** The name a signal-delivery line is recorded under: strace's marker, no system call's name. */
  static final String DELIVERY = "---";

  private final SyscallEvent.Printer printer;

  SignalText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  /**
   * rt_sigprocmask's sets.
   *
   * @param newSet the set read from user memory, or null when none was read
   * @param old the mask before the call, which the call writes to oldset
   */
  record Masks(@Nullable Long newSet, long old) {}

  /**
   * rt_sigaction's actions.
   *
   * @param newAct the action read from user memory, or null
   * @param old the action before the call, or null when the signal had none to give
   */
  record Actions(@Nullable KSigaction newAct, @Nullable KSigaction old) {}

  /**
   * A {@code stack_t}.
   *
   * @param sp ss_sp
   * @param flags ss_flags
   * @param size ss_size
   */
  record StackT(long sp, int flags, long size) {}

  /**
   * sigaltstack's stacks.
   *
   * @param ss the new stack read from user memory, or null when none was read
   * @param old the stack before the call
   */
  record AltStacks(@Nullable StackT ss, StackT old) {}

  /** strace's {@code printsiginfo}, for the codes the kernel model fills in. */
  static String signalLine(SigInfo i) {
    StringBuilder sb =
        new StringBuilder(96).append("--- ").append(Signals.name(i.signo())).append(" {si_signo=");
    sb.append(Signals.name(i.signo())).append(", si_code=").append(siCode(i.code()));
    if (i.code() != SigInfo.SI_KERNEL) {
      sb.append(", si_pid=").append(i.pid()).append(", si_uid=").append(i.uid());
    }
    if (i.code() == SigInfo.CLD_EXITED) {
      sb.append(", si_status=").append(i.status());
    } else if (i.code() == SigInfo.CLD_KILLED || i.code() == SigInfo.CLD_DUMPED) {
      sb.append(", si_status=").append(Signals.name(i.status()));
    }
    if (i.code() >= SigInfo.CLD_EXITED && i.code() <= SigInfo.CLD_DUMPED) {
      // DEVIATION: the model keeps no per-task CPU times, so both print 0
      sb.append(", si_utime=0, si_stime=0");
    }
    return sb.append("} ---").toString();
  }

  private static String siCode(int code) {
    return switch (code) {
      case SigInfo.SI_USER -> "SI_USER";
      case SigInfo.SI_KERNEL -> "SI_KERNEL";
      case SigInfo.SI_TKILL -> "SI_TKILL";
      case SigInfo.CLD_EXITED -> "CLD_EXITED";
      case SigInfo.CLD_KILLED -> "CLD_KILLED";
      case SigInfo.CLD_DUMPED -> "CLD_DUMPED";
      default -> Integer.toString(code);
    };
  }

  private static String signal(int sig) {
    return sig == 0 ? "0" : Signals.name(sig);
  }

  private static String how(int how) {
    return switch (how) {
      case Signals.SIG_BLOCK -> "SIG_BLOCK";
      case Signals.SIG_UNBLOCK -> "SIG_UNBLOCK";
      case Signals.SIG_SETMASK -> "SIG_SETMASK";
      default -> "0x" + Integer.toHexString(how) + " /* SIG_??? */";
    };
  }

  private static String actionText(KSigaction a) {
    String h =
        a.handler() == Signals.SIG_DFL
            ? "SIG_DFL"
            : a.handler() == Signals.SIG_IGN ? "SIG_IGN" : "0x" + Long.toHexString(a.handler());
    StringBuilder sb =
        new StringBuilder("{sa_handler=")
            .append(h)
            .append(", sa_mask=")
            .append(Signals.formatSet(a.mask()))
            .append(", sa_flags=")
            .append(Signals.formatSaFlags(a.flags()));
    if ((a.flags() & Signals.SA_RESTORER) != 0) {
      sb.append(", sa_restorer=").append(Strace.addr(a.restorer()));
    }
    return sb.append('}').toString();
  }

  private static String stackText(StackT s) {
    String fl =
        s.flags() == Signals.SS_DISABLE
            ? "SS_DISABLE"
            : s.flags() == Signals.SS_ONSTACK ? "SS_ONSTACK" : Integer.toString(s.flags());
    return "{ss_sp=" + Strace.addr(s.sp()) + ", ss_flags=" + fl + ", ss_size=" + s.size() + "}";
  }
}
