package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * {@code diagram tasks-and-structures} from live kernel state: a process (task 3, the third task
 * the machine makes after init and the login shell), its second thread (task 4) and a forked child
 * (task 5), while all three live.
 */
class TasksAndStructuresDiagramTest {

  @Test
  void theThreadSharesTheLeadersFiveStructuresAndTheForkHasItsOwn() {
    // docs/notes/kernel.md §3: with the thread flags each structure is shared and its count goes
    // 1→2
    // (mm_users, fs users, files count, sighand count; signal sigcnt, live, nr_threads), mm_count
    // stays 1 (all users together hold one); a fork copies each, with counts 1. §4: a thread's
    // exit_signal is -1, a fork's SIGCHLD (17).
    String expected =
        """
        ---
        title: "Tasks and the five structures they point at (refcounts by their Linux names)"
        ---
        flowchart LR
          subgraph g3["thread group 3"]
            t3["task 3 (leader)<br/>tgid: 3<br/>exit_signal: 17"]
            t4["task 4 (thread)<br/>tgid: 3<br/>exit_signal: -1"]
          end
          subgraph g5["thread group 5"]
            t5["task 5 (leader)<br/>tgid: 5<br/>exit_signal: 17"]
          end
          mm1["mm #1<br/>mm_users: 2<br/>mm_count: 1"]
          fs1["fs #1<br/>users: 2"]
          files1["files #1<br/>count: 2"]
          sighand1["sighand #1<br/>count: 2"]
          signal1["signal #1<br/>sigcnt: 2<br/>live: 2<br/>nr_threads: 2"]
          mm2["mm #2<br/>mm_users: 1<br/>mm_count: 1"]
          fs2["fs #2<br/>users: 1"]
          files2["files #2<br/>count: 1"]
          sighand2["sighand #2<br/>count: 1"]
          signal2["signal #2<br/>sigcnt: 1<br/>live: 1<br/>nr_threads: 1"]
          t3 -->|"mm"| mm1
          t3 -->|"fs"| fs1
          t3 -->|"files"| files1
          t3 -->|"sighand"| sighand1
          t3 -->|"signal"| signal1
          t4 -->|"mm"| mm1
          t4 -->|"fs"| fs1
          t4 -->|"files"| files1
          t4 -->|"sighand"| sighand1
          t4 -->|"signal"| signal1
          t5 -->|"mm"| mm2
          t5 -->|"fs"| fs2
          t5 -->|"files"| files2
          t5 -->|"sighand"| sighand2
          t5 -->|"signal"| signal2
        """;
    assertEquals(expected, GoldenWalk.run("diagram", "tasks-and-structures"));
  }

  @Test
  void rendersAsWellFormedSvgWithTheRefcounts() throws Exception {
    String svg = GoldenWalk.run("diagram", "tasks-and-structures", "--format", "svg");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.strip().getBytes(StandardCharsets.UTF_8)));
    String text = doc.getDocumentElement().getTextContent();
    for (String label :
        new String[] {"thread group 3", "task 4 (thread)", "mm #1", "mm_users", "nr_threads"}) {
      assertTrue(text.contains(label), label + " in\n" + text);
    }
  }
}
