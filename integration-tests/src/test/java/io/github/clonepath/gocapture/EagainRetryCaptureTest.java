package io.github.clonepath.gocapture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.lab.compare.TraceLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A cgo program at a thread limit against the real capture (go-1.19-eagain/captures/cgo_full):
 * glibc's pthread_create meets EAGAIN from clone3, runtime/cgo retries it 20 times, then aborts.
 * Both traces are read by the lab's strace parser. (go-runtime-model's EagainRetryTest checks the
 * pure-Go paths per release on the model's own calls.)
 */
class EagainRetryCaptureTest {
  private static final long MS = 1_000_000L;

  /**
   * The failing thread's calls from Go's mask to abort's tgkill, with addresses, tids and the pid
   * named, in a capture (timestamps dropped) or in the model's trace.
   */
  private static List<String> cgoFailure(List<TraceLine> calls) {
    int tid = -1;
    int last = -1;
    for (int i = 0; i < calls.size(); i++) {
      TraceLine c = calls.get(i);
      if (tid < 0 && c.text().startsWith("clone3(") && c.text().contains("EAGAIN")) {
        tid = c.pid();
      }
      if (tid >= 0 && c.pid() == tid && c.text().startsWith("tgkill(")) {
        last = i;
        break;
      }
    }
    List<String> own = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      if (calls.get(i).pid() == tid) {
        own.add(
            calls
                .get(i)
                .text()
                .replaceAll("0x[0-9a-f]+", "ADDR")
                .replaceAll("\\((\\d+), (\\d+), SIGABRT\\)", "(PID, TID, SIGABRT)")
                .replaceAll("^(gettid|getpid)\\(\\) = \\d+", "$1() = N"));
      }
    }
    int mask = own.lastIndexOf("rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0");
    return own.subList(mask, own.size());
  }

  @Test
  @DisplayName("cgo: the failing thread's calls equal the capture's, 20 tries to abort's tgkill")
  void cgoRetriesTwentyTimesThenAbortsAsTheCapture() throws Exception {
    // the capture has -tt times, which the lab's parser reads past
    List<String> real = cgoFailure(GoModel.capture("go-1.19-eagain/captures/cgo_full.strace"));
    GoProgram p =
        GoProgram.empty()
            .print("start\n")
            .go("main.main.func1", GoProgram.empty().cgoCall(300 * MS), 24)
            .sleep(600 * MS);
    GoModel h = new GoModel(GoOptions.DEFAULT.withCgo(true).withGomaxprocs(4), p);
    h.machine.sysctl("kernel.threads-max", 20);
    h.run();
    List<TraceLine> model = h.trace();
    // mask, mmap, mprotect, 20 × (block, clone3, restore, sleep), restore, 3 writes, abort's 4
    assertEquals(1 + 2 + 80 + 1 + 3 + 4, real.size(), real.toString());
    assertEquals(real, cgoFailure(model));
    assertEquals(
        "runtime/cgo: pthread_create failed: Resource temporarily unavailable\n",
        h.go.result().stderr());
  }
}
