package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SourceRef;
import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.Walk;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code walk --format html} without a browser: self-contained, a state for every step, links. */
class HtmlWalkTest {

  /** The page {@code walk TOPIC [OPTIONS] --format html} writes, made through the lab's API. */
  static String page(String... walkArgs) {
    Walk w = Lab.walk(walkArgs[0]);
    for (int i = 1; i < walkArgs.length; i++) {
      switch (walkArgs[i]) {
        case "--release" -> w = w.release(walkArgs[++i]);
        case "--fail" -> w = w.fail(walkArgs[++i]);
        case "--cgo" -> w = w.cgo(true);
        case "--locked" -> w = w.locked(true);
        case "--cache-hit" -> w = w.cacheHit(true);
        default -> throw new IllegalArgumentException(walkArgs[i]);
      }
    }
    return w.html();
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(what).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Every topic and variant walk takes (the README's table); arguments separated by {@code |}. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "newm",
        "newm|--release|go1.19",
        "newm|--release|go1.21.0",
        "newm|--release|go1.26.8",
        "newm|--cgo",
        "newm|--locked",
        "newosproc-pthread",
        "newproc",
        "newproc|--release|go1.19",
        "newproc|--release|go1.13",
        "newproc|--release|go1.26.8",
        "pthread_create",
        "pthread_create|--release|glibc 2.31",
        "pthread_create|--cache-hit",
        "pthread_create|--fail|clone3=ENOMEM",
        "clone-vs-fork"
      })
  void everyTopicAndVariantIsASelfContainedPageWithAStatePerStep(String walk) {
    String html = page(walk.split("\\|"));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    // nothing is fetched: no external script, style sheet, image or frame
    assertFalse(Pattern.compile("<(script|link|img|iframe)[^>]*(src|href)=").matcher(html).find());
    int steps = count(html, "\"kind\": \"(call|note|syscall)\"");
    assertTrue(steps > 10, walk + ": " + steps + " steps");
    assertEquals(0, count(html, "\"state\": -1"), walk + ": a step without the model's state");
    assertTrue(html.contains("\"tasks\": ["), walk);
  }

  @Test
  void goPagesCarryTheSchedulerAndGlibcPagesTheStackCache() {
    String go = page("newm");
    assertTrue(go.contains("\"allm\": ["));
    assertFalse(go.contains("\"stackCache\""));
    String glibc = page("pthread_create");
    assertTrue(glibc.contains("\"stackCache\""));
    assertFalse(glibc.contains("\"allm\""));
  }

  @Test
  void sourceLinksPointAtTheCitedReleaseAndSyscallsAtTheirManPage() {
    assertEquals(
        "https://github.com/torvalds/linux/blob/v6.2/kernel/fork.c#L2010",
        SourceLinks.source(new SourceRef("kernel/fork.c", 2010, "copy_process", "Linux 6.2")));
    assertEquals(
        "https://github.com/bminor/glibc/blob/glibc-2.36/nptl/allocatestack.c#L228",
        SourceLinks.source(
            new SourceRef("nptl/allocatestack.c", 228, "allocate_stack", "glibc 2.36")));
    assertEquals(
        "https://github.com/golang/go/blob/go1.19/src/runtime/proc.go#L2085",
        SourceLinks.source(new SourceRef("runtime/proc.go", 2085, "newm", "go1.19")));
    assertEquals(
        "https://github.com/golang/go/blob/go1.21.0/src/runtime/mheap.go",
        SourceLinks.source(new SourceRef("runtime/mheap.go", 0, "allocManual", "go1.21.0")));
    assertEquals(
        "https://man7.org/linux/man-pages/man2/clone3.2.html", SourceLinks.manPage("clone3"));
    String html = page("pthread_create");
    assertTrue(html.contains("https://github.com/torvalds/linux/blob/v6.2/kernel/fork.c#L"));
    assertTrue(html.contains("https://github.com/bminor/glibc/blob/glibc-2.36/nptl/"));
    assertTrue(html.contains("https://man7.org/linux/man-pages/man2/mprotect.2.html"));
  }

  @Test
  void aScriptEndTagInTheDataCannotCloseTheScript() {
    String html = page("newm");
    int data = html.indexOf("<script id=\"data\"");
    int end = html.indexOf("</script>", data);
    assertFalse(html.substring(data + 10, end).contains("</"));
  }
}
