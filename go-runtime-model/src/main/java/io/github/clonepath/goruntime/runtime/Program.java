package io.github.clonepath.goruntime.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model-only: the interpreter of a goroutine's program, its {@link Op} steps, between the
 * scheduler's execute and the G's goexit0 or its next block. A go statement, a send, a sleep or a
 * system call is handed to the runtime function the real program's code would reach (newproc,
 * chansend, timeSleep, entersyscall ...); a compute step holds the M and P for its virtual time.
 * What a step leaves to resume (a compute, a blocking call) comes back through {@link #run}.
 */
final class Program {
  private final Runtime rt;

  Program(Runtime rt) {
    this.rt = rt;
  }

  /** Interprets the G's steps from where it stopped. Returns as execute does. */
  boolean run(UserContext ctx, M mp, G gp) {
    while (gp.pc < gp.body.size() || endRound(gp)) {
      if (gp.preempt && Preempt.canPreemptM(mp)) {
        // the next call's stack check sees sysmon's request (stackguard0 = stackPreempt)
        rt.preempt.newstack(ctx, mp, gp);
        return false;
      }
      rt.countStep(gp);
      Op op = gp.body.get(gp.pc);
      if (op instanceof Op.Repeat loop) {
        gp.pc++;
        gp.locals().loops.addLast(new G.Loop(gp.body, gp.pc, loop.count()));
        gp.body = loop.body();
        gp.pc = 0;
      } else if (op instanceof Op.Go go) {
        boolean keep = Op.Print.namesChildren(gp.function());
        for (int done = 0; done < go.count(); done++) {
          rt.countStep(gp);
          G newg = rt.procg.newproc(ctx, mp, gp, go.name(), go.body());
          newg.arg = go.arg().value(gp);
          // the program's own go statements: runtime.main's goroutines are not main.main's
          if (keep && !newg.system) {
            gp.locals().childGoids.add(newg.goid);
          }
        }
        gp.pc++;
      } else if (op instanceof Op.Compute c) {
        gp.pc++;
        gp.userCode = true;
        ctx.compute(c.nanos(), rt.k((c2, r) -> continueG(c2, gp)));
        return false;
      } else if (op instanceof Op.Syscall s) {
        gp.pc++;
        rt.cgocall.entersyscall(mp, gp);
        long ts = gp.stack().lo();
        ctx.store64(ts, s.nanos() / 1_000_000_000L);
        ctx.store64(ts + 8, s.nanos() % 1_000_000_000L);
        ctx.nanosleep(ts, 0, rt.k((c2, r) -> rt.cgocall.exitsyscall(c2, gp.m, gp)));
        return false;
      } else if (op instanceof Op.Pipe p) {
        gp.pc++;
        long fds = gp.stack().lo();
        if (ctx.pipe2(fds, 0) == 0 && p.pipe().value(gp) >= 0) {
          rt.sched.pipes.put(p.pipe().value(gp), new int[] {ctx.load32(fds), ctx.load32(fds + 4)});
        }
      } else if (op instanceof Op.Read rd) {
        gp.pc++;
        int fd = pipeEnd(rd.pipe().value(gp), 0);
        rt.cgocall.entersyscall(mp, gp);
        ctx.read(fd, gp.stack().lo(), 1, rt.k((c2, r) -> rt.cgocall.exitsyscall(c2, gp.m, gp)));
        return false;
      } else if (op instanceof Op.Write w) {
        gp.pc++;
        int fd = pipeEnd(w.pipe().value(gp), 1);
        rt.cgocall.entersyscall(mp, gp);
        ctx.write(fd, "\1");
        if (!rt.cgocall.exitsyscallInPlace(ctx, mp, gp)) {
          return false;
        }
      } else if (op instanceof Op.Sleep s) {
        gp.pc++;
        rt.time.timeSleep(ctx, mp, gp, s.nanos());
        return true;
      } else if (op instanceof Op.LockOSThread) {
        gp.pc++;
        rt.locks.lockOSThreadExternal(ctx, mp, gp);
      } else if (op instanceof Op.UnlockOSThread) {
        gp.pc++;
        rt.locks.unlockOSThreadExternal(mp, gp);
      } else if (op instanceof Op.Print p) {
        gp.pc++;
        String text = format(p.text(), gp);
        rt.stdout.append(text);
        ctx.write(1, text);
      } else if (op instanceof Op.Collect c) {
        gp.pc++;
        rt.collected.add(format(c.text(), gp));
      } else if (op instanceof Op.PrintSorted) {
        gp.pc++;
        List<String> sorted = new ArrayList<>(rt.collected);
        sorted.sort(Program::compareBytes);
        for (String line : sorted) {
          rt.stdout.append(line).append('\n');
          ctx.write(1, line + "\n");
        }
      } else if (op instanceof Op.SetMaxThreads s) {
        gp.pc++;
        gp.locals().setMaxThreadsOut = rt.locks.setMaxThreads(ctx, s.n());
      } else if (op instanceof Op.CgoCall c) {
        if (!rt.opts.cgo()) {
          throw new GoThrow("cgocall unavailable");
        }
        gp.pc++;
        rt.cgocall.cgocall(ctx, mp, gp, c.nanos());
        return false;
      } else if (op instanceof Op.MakeChan c) {
        gp.pc++;
        Sched.Chan ch = rt.chan.chan(c.chan());
        ch.dataqsiz = c.size();
        ch.count = 0;
        ch.recvq.clear();
        ch.sendq.clear();
      } else if (op instanceof Op.Send s) {
        gp.pc++;
        if (!rt.chan.chansend(ctx, mp, gp, s.chan())) {
          return true;
        }
      } else if (op instanceof Op.Recv r) {
        gp.pc++;
        if (!rt.chan.chanrecv(ctx, mp, gp, r.chan())) {
          return true;
        }
      } else if (op instanceof Op.ParkForever p) {
        rt.schedule.gopark(mp, gp, p.reason());
        return true;
      } else if (op instanceof Op.RuntimeStep s) {
        gp.pc++;
        if (!rt.start.runtimeMainStep(ctx, mp, gp, s.step())) {
          return false;
        }
      }
    }
    return rt.schedule.goexit0(ctx, mp, gp);
  }

  /**
   * At the end of a loop's body: starts its next round, or leaves it for the steps after it.
   *
   * @return true if there is a step to run next
   */
  private static boolean endRound(G gp) {
    while (gp.pc >= gp.body.size()) {
      if (gp.locals == null || gp.locals.loops.isEmpty()) {
        return false;
      }
      G.Loop loop = gp.locals.loops.peekLast();
      if (++loop.round < loop.count) {
        gp.pc = 0;
      } else {
        gp.locals.loops.removeLast();
        gp.body = loop.outer;
        gp.pc = loop.resumePc;
      }
    }
    return true;
  }

  /**
   * A number placeholder of a print, with what is added to it or taken from it ({@code %threads-1}:
   * what the programs print as {@code threads - 1}).
   */
  private static final Pattern NUMBER =
      Pattern.compile("%(round|threads|goid|setmaxthreads|arg)(?:([+-])(\\d{1,18}))?");

  /** A print's text with its placeholders replaced for the goroutine that prints it. */
  private String format(String text, G gp) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    Matcher m =
        NUMBER.matcher(
            text.replace(
                Op.Print.CHILDREN, goids(gp.locals == null ? List.of() : gp.locals.childGoids)));
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      long v =
          switch (m.group(1)) {
            case "round" -> gp.round();
            case "threads" -> rt.liveThreads();
            case "goid" -> gp.goid;
            case "setmaxthreads" -> gp.locals == null ? -1 : gp.locals.setMaxThreadsOut;
            default -> gp.arg;
          };
      if (m.group(2) != null) {
        long n = Long.parseLong(m.group(3));
        v = m.group(2).equals("+") ? v + n : v - n;
      }
      m.appendReplacement(sb, Long.toString(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** sort.Strings' order: Go compares strings byte by byte (their UTF-8 encodings). */
  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));
  }

  /** An int slice as fmt's %v prints it: {@code [33 34 35]}, {@code []} when empty. */
  private static String goids(List<Long> ids) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : " ").append(ids.get(i));
    }
    return sb.append(']').toString();
  }

  /** Resumes a G on whichever M now runs it (after a compute, or exitsyscall's fast path). */
  private void continueG(UserContext ctx, G gp) {
    M mp = gp.m;
    if (rt.preempt.resumeUserCode(ctx, mp, gp)) {
      return;
    }
    if (run(ctx, mp, gp)) {
      rt.schedule.schedule(ctx, mp);
    }
  }

  /** A descriptor of pipe {@code n}: 0 the read end, 1 the write end; -1 if it was never made. */
  private int pipeEnd(long n, int end) {
    int[] fds = rt.sched.pipes.get(n);
    return fds == null ? -1 : fds[end];
  }
}
