package io.github.clonepath.kernel.boot;

import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the holders of every structure from the task table and compares with the structures' own
 * counters: the rule of Linux's refcounting that each reference is held by someone.
 */
final class Invariants {
  private Invariants() {}

  /** Every violation found, empty when the kernel is consistent. */
  static List<String> check(Kernel k) {
    List<String> bad = new ArrayList<>();
    Map<MmStruct, Integer> mm = new IdentityHashMap<>();
    Map<FsStruct, Integer> fs = new IdentityHashMap<>();
    Map<FilesStruct, Integer> files = new IdentityHashMap<>();
    Map<SighandStruct, Integer> sighand = new IdentityHashMap<>();
    Map<SignalStruct, Integer> sigcnt = new IdentityHashMap<>();
    Map<SignalStruct, Integer> live = new IdentityHashMap<>();
    Map<OpenFile, Integer> fileRefs = new IdentityHashMap<>();
    Set<Integer> pids = new HashSet<>();
    int nr = 0;
    for (Task t : k.tasks.values()) {
      nr++;
      if (!pids.add(t.pid)) {
        bad.add("pid " + t.pid + " twice");
      }
      if (t.released || t.state == TaskState.DEAD) {
        bad.add(t + " released but still in the task table");
      }
      if (!k.initPidNs.inUse(t.pid)) {
        bad.add(t + " has a pid the allocator does not hold");
      }
      if (t.mm != null) {
        mm.merge(t.mm, 1, Integer::sum);
      }
      if (t.fs != null) {
        fs.merge(t.fs, 1, Integer::sum);
      }
      if (t.files != null) {
        files.merge(t.files, 1, Integer::sum);
      }
      if (t.sighand != null) {
        sighand.merge(t.sighand, 1, Integer::sum);
      } else {
        bad.add(t + " in the table without sighand");
      }
      sigcnt.merge(t.signal, 1, Integer::sum);
      if (!t.exiting) {
        live.merge(t.signal, 1, Integer::sum);
      }
      if (t.isLeader() && t.realParent != null && !t.realParent.children.contains(t)) {
        bad.add(t + " missing from its parent's children");
      }
    }
    if (nr != k.nrThreads) {
      bad.add("nr_threads " + k.nrThreads + " but " + nr + " tasks");
    }
    mm.forEach(
        (m, n) -> {
          if (m.mmUsers() != n) {
            bad.add("mm_users " + m.mmUsers() + " but " + n + " holders");
          }
          if (m.mmCount() != 1) {
            bad.add("mm_count " + m.mmCount() + " of a live mm");
          }
        });
    fs.forEach(
        (f, n) -> {
          if (f.users != n) {
            bad.add("fs " + f.id + " users " + f.users + " but " + n + " holders");
          }
        });
    files.forEach(
        (f, n) -> {
          if (f.count != n) {
            bad.add("files " + f.id + " count " + f.count + " but " + n + " holders");
          }
          for (int fd = f.openFds.nextSetBit(0); fd >= 0; fd = f.openFds.nextSetBit(fd + 1)) {
            if (f.fd[fd] != null) {
              fileRefs.merge(f.fd[fd], 1, Integer::sum);
            }
          }
        });
    fileRefs.forEach(
        (f, n) -> {
          if (f.count != n) {
            bad.add("file " + f.id + " f_count " + f.count + " but " + n + " slots");
          }
        });
    sighand.forEach(
        (s, n) -> {
          if (s.count != n) {
            bad.add("sighand " + s.id + " count " + s.count + " but " + n + " holders");
          }
        });
    sigcnt.forEach(
        (s, n) -> {
          if (s.sigcnt != n) {
            bad.add("signal " + s.id + " sigcnt " + s.sigcnt + " but " + n + " task structs");
          }
          if (s.nrThreads != n || s.threads.size() != n) {
            bad.add("signal " + s.id + " nr_threads " + s.nrThreads + " but " + n + " unreleased");
          }
          if (s.live != live.getOrDefault(s, 0)) {
            bad.add(
                "signal "
                    + s.id
                    + " live "
                    + s.live
                    + " but "
                    + live.getOrDefault(s, 0)
                    + " not exiting");
          }
        });
    return bad;
  }
}
