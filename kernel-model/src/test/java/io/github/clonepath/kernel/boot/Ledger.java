package io.github.clonepath.kernel.boot;

import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Nsproxy;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every structure a run's tasks ever held. {@link Invariants} compares the counters of the
 * structures still held with their holders; a structure the last holder let go of escapes that
 * recount, so this ledger remembers each one it saw and, once no task holds it, insists its counter
 * reached 0: the structure was released, not leaked.
 */
final class Ledger {
  private final Map<Object, String> seen = new IdentityHashMap<>();

  /** Records what the tasks hold now and returns every structure held by none but not released. */
  List<String> check(Kernel k) {
    Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Task t : k.tasks.values()) {
      hold(held, t.mm, "mm");
      hold(held, t.fs, "fs");
      hold(held, t.files, "files");
      hold(held, t.sighand, "sighand");
      hold(held, t.signal, "signal");
      hold(held, t.nsproxy, "nsproxy");
    }
    List<String> bad = new ArrayList<>();
    seen.forEach(
        (s, kind) -> {
          int count = count(s);
          if (!held.contains(s) && count != 0) {
            bad.add(kind + " held by no task but its count is " + count + " (leaked)");
          }
        });
    return bad;
  }

  /** How many structures the ledger has seen. */
  int size() {
    return seen.size();
  }

  private void hold(Set<Object> held, Object s, String kind) {
    if (s != null) {
      held.add(s);
      seen.put(s, kind);
    }
  }

  private static int count(Object s) {
    if (s instanceof MmStruct m) {
      return m.mmUsers();
    } else if (s instanceof FsStruct f) {
      return f.users;
    } else if (s instanceof FilesStruct f) {
      return f.count;
    } else if (s instanceof SighandStruct h) {
      return h.count;
    } else if (s instanceof SignalStruct g) {
      return g.sigcnt;
    }
    return ((Nsproxy) s).count;
  }
}
