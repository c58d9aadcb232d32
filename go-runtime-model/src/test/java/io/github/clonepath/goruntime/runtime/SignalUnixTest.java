package io.github.clonepath.goruntime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * preemptM's rule (runtime/signal_unix.go, go1.19): a preemption signal is sent only if none is
 * pending for that M (the signalPending CAS, golang/go#37741), and the handler's doSigPreempt
 * clears it and counts preemptGen, so the next request sends again; the handler's safe-point rule
 * (preempt.go wantAsyncPreempt, isAsyncSafePoint) on the runtime's own structures.
 */
class SignalUnixTest {
  @Test
  @DisplayName(
      "preemptM: no second SIGURG while one is pending for the M; doSigPreempt acknowledges it"
          + " (preemptGen 1, signalPending cleared) and the next request sends again")
  void oneSignalPendingPerM() {
    Runtime rt = new Runtime(RuntimeOptions.plain(Profile.of("go1.19"), 1));
    M sysmon = new M(0xc000100000L);
    M target = new M(0xc000100400L);
    target.g0 = new G();
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    int pid =
        m.spawn(
            "probe",
            Runtime.IMAGE,
            (ctx, r) -> {
              rt.tracer = ctx.tracer();
              // the target M is this very thread; without initsig SIGURG is ignored by default,
              // so each signal is sent and dropped: only the sends are counted here
              target.procid = ctx.gettid();
              rt.signals.preemptM(ctx, sysmon, target);
              rt.signals.preemptM(ctx, sysmon, target);
              assertTrue(target.signalPending);
              rt.signals.doSigPreempt(target, target.g0);
              assertFalse(target.signalPending);
              assertEquals(1, target.preemptGen);
              rt.signals.preemptM(ctx, sysmon, target);
              ctx.exitGroup(0);
            });
    m.run();
    List<String> kills =
        m.log().syscalls().stream()
            .filter(e -> e.name().equals("tgkill"))
            .map(SyscallEvent::text)
            .toList();
    String one = "tgkill(" + pid + ", " + pid + ", SIGURG) = 0";
    assertEquals(List.of(one, one), kills, "two of three requests send, the second is held back");
  }

  @Test
  @DisplayName(
      "the safe-point rule: only the M's curg, running, asked (by itself or its P), in its own code")
  void safePoints() {
    M mp = new M(0xc000100000L);
    P pp = new P(0);
    pp.status = PStatus.PRUNNING;
    mp.p = pp;
    G gp = new G();
    gp.m = mp;
    mp.curg = gp;
    gp.status = GStatus.GRUNNING;
    gp.startpc = "main.main.func1";
    assertFalse(Preempt.wantAsyncPreempt(gp), "not asked");
    pp.preempt = true;
    assertTrue(Preempt.wantAsyncPreempt(gp), "its P was asked");
    pp.preempt = false;
    gp.preempt = true;
    assertTrue(Preempt.wantAsyncPreempt(gp));
    gp.status = GStatus.GSYSCALL;
    assertFalse(Preempt.wantAsyncPreempt(gp), "in a syscall");
    gp.status = GStatus.GRUNNING;
    assertFalse(Preempt.isAsyncSafePoint(gp), "in the runtime, not its own code");
    gp.userCode = true;
    assertTrue(Preempt.isAsyncSafePoint(gp));
    mp.locks = 1;
    assertFalse(Preempt.isAsyncSafePoint(gp), "its M holds a lock (canPreemptM)");
    mp.locks = 0;
    G g0 = new G();
    g0.m = mp;
    g0.userCode = true;
    assertFalse(Preempt.isAsyncSafePoint(g0), "not the M's curg");
    gp.system = true;
    gp.startpc = "runtime.bgsweep";
    assertFalse(Preempt.isAsyncSafePoint(gp), "a runtime goroutine's code");
  }
}
