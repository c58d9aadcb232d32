package io.github.clonepath.lab.scenario;

import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.TaskInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finished run says when it stopped because nothing could ever run again: {@code
 * Machine.run} returns once no task is runnable and no timer is pending, so a task still asleep
 * then waits for a wake-up nobody is left to send (threads joining in a cycle, a futex nobody
 * wakes). The real kernel would leave such a process blocked forever; the model stops and names the
 * sleepers instead. The machine's own tasks (init and the shell, asleep in "reap" until their
 * children end) are not counted.
 */
public final class Deadlock {
  private Deadlock() {}

  /**
   * The one-line diagnosis of a run's end state.
   *
   * @param end the machine's state after {@code run()} returned
   * @return the diagnosis, or null when no user task is left asleep
   */
  public static String diagnose(Snapshot end) {
    List<String> asleep = new ArrayList<>();
    for (TaskInfo t : end.tasks()) {
      if (t.state().startsWith("S ") && !t.state().equals("S reap")) {
        asleep.add(t.tid() + " (" + t.comm() + ") in " + t.state().substring(2));
      }
    }
    if (asleep.isEmpty()) {
      return null;
    }
    return "deadlock: every task is blocked and no timer is pending; blocked: "
        + String.join(", ", asleep);
  }
}
