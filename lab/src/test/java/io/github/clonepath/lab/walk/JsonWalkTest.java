package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON view, checked against a document written by hand from the documented shape. */
class JsonWalkTest {

  @Test
  void printsTheCallTreeWithSourcesNotesSyscallsAndChildren() {
    String expected =
        """
        {
          "tasks": [
            {
              "tid": 7,
              "calls": [
                {
                  "function": "f",
                  "source": {
                    "file": "a.c",
                    "line": 10,
                    "function": "f",
                    "version": "go1.21.0"
                  },
                  "notes": [
                    "n1 \\"quoted\\"\\tand tab"
                  ],
                  "syscalls": [
                    {
                      "name": "x",
                      "text": "x() = 0",
                      "result": 0
                    }
                  ],
                  "children": [
                    {
                      "function": "g",
                      "source": {
                        "file": "b.c",
                        "line": 0,
                        "function": "g",
                        "version": "go1.21.0"
                      },
                      "notes": [],
                      "syscalls": [],
                      "children": []
                    }
                  ]
                }
              ],
              "syscalls": [
                {
                  "name": "y",
                  "text": "y() = -1 ENOMEM (Cannot allocate memory)",
                  "result": -12
                }
              ],
              "notes": [
                "stray"
              ]
            }
          ]
        }
        """;
    List<io.github.clonepath.common.TraceEvent> events =
        new Events()
            .on(7)
            .call(0, "a.c", 10, "f")
            .note(0, "n1 \"quoted\"\tand tab")
            .syscall(1, "x", "x() = 0", 0)
            .call(1, "b.c", 0, "g")
            .syscall(0, "y", "y() = -1 ENOMEM (Cannot allocate memory)", -12)
            .note(0, "stray")
            .list();
    assertEquals(expected, JsonWalk.format(events));
  }

  @Test
  void anEmptyLogIsAnEmptyTaskList() {
    assertEquals("{\n  \"tasks\": []\n}\n", JsonWalk.format(List.of()));
  }
}
