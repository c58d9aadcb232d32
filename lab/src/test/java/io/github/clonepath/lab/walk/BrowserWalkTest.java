package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-through page in a real browser: headless Chromium driven through chromedriver's W3C
 * WebDriver protocol (plain HTTP from {@link HttpClient}, no client library), pressing the arrow
 * keys as a user would (arrows, Home, End) and reading what the state panels show. Skipped when
 * Chromium or chromedriver is not installed, unless {@code CLONEPATH_REQUIRE_BROWSER=1} ({@code
 * .ci/run} installs both and sets it); {@code CHROMIUM} / {@code CHROMEDRIVER} name other paths.
 * Screenshots (the README's) go to {@code lab/target/screenshots/}.
 */
class BrowserWalkTest {
  private static final String CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = env("CHROMEDRIVER", "/usr/bin/chromedriver");

  private static Process driver;
  private static String base;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir static Path dir;

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  @BeforeAll
  static void startDriver() throws Exception {
    boolean installed =
        Files.isExecutable(Paths.get(CHROMIUM)) && Files.isExecutable(Paths.get(CHROMEDRIVER));
    if ("1".equals(System.getenv("CLONEPATH_REQUIRE_BROWSER"))) {
      assertTrue(
          installed, "CLONEPATH_REQUIRE_BROWSER=1 but no " + CHROMIUM + " / " + CHROMEDRIVER);
    }
    assumeTrue(
        installed,
        "no Chromium/chromedriver installed: browser tests skipped (.ci/run installs them)");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    driver =
        new ProcessBuilder(CHROMEDRIVER, "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromedriver.log").toFile())
            .start();
    base = "http://127.0.0.1:" + port;
    for (int i = 0; i < 100; i++) {
      try {
        if (call("GET", "/status", null).contains("\"ready\":true")) {
          return;
        }
      } catch (IOException notYet) {
        // the driver is still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("chromedriver did not start");
  }

  @AfterAll
  static void stopDriver() {
    if (driver != null) {
      driver.destroy();
    }
  }

  private static String call(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    r =
        json == null
            ? r.method(method, HttpRequest.BodyPublishers.noBody())
            : r.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The string value of a WebDriver answer {@code {"value": "..."}}. */
  private static String stringValue(String answer) {
    int key = answer.indexOf("\"value\"");
    int open = key < 0 ? -1 : answer.indexOf('"', answer.indexOf(':', key));
    if (open < 0) {
      throw new IllegalStateException("no string value in " + answer);
    }
    int close = open + 1;
    while (answer.charAt(close) != '"') {
      close += answer.charAt(close) == '\\' ? 2 : 1;
    }
    String s = answer.substring(open + 1, close);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  /** WebDriver's key codes (the W3C spec's table), JSON-escaped. */
  private static final String RIGHT = "\\uE014";

  private static final String LEFT = "\\uE012";
  private static final String UP = "\\uE013";
  private static final String DOWN = "\\uE015";
  private static final String HOME = "\\uE011";
  private static final String END = "\\uE010";

  /** One browser on one page. */
  private static final class Page implements AutoCloseable {
    private final String session;

    Page(Path html) throws Exception {
      String caps =
          "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
              + "\"binary\":"
              + quote(CHROMIUM)
              + ",\"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-quic\","
              + "\"--no-first-run\",\"--disable-background-networking\","
              + "\"--disable-component-update\",\"--disable-sync\",\"--window-size=1400,900\","
              + "\"--user-data-dir="
              + Files.createTempDirectory(dir, "profile").toString().replace("\\", "/")
              + "\"]}}}}";
      String answer = call("POST", "/session", caps);
      Matcher m = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"").matcher(answer);
      if (!m.find()) {
        throw new IllegalStateException("no session: " + answer);
      }
      session = m.group(1);
      call(
          "POST",
          "/session/" + session + "/url",
          "{\"url\":" + quote(html.toUri().toString()) + "}");
    }

    String script(String body) throws Exception {
      return stringValue(
          call(
              "POST",
              "/session/" + session + "/execute/sync",
              "{\"script\":" + quote(body) + ",\"args\":[]}"));
    }

    int step() throws Exception {
      return Integer.parseInt(script("return document.body.getAttribute('data-step');"));
    }

    /** Presses the right arrow until the cursor is at {@code target}. */
    void stepTo(int target) throws Exception {
      press(RIGHT, target - step());
      assertEquals(target, step(), "the arrow key moved the cursor step by step");
    }

    /** Presses a key (a WebDriver key code such as {@link #RIGHT}) {@code times} times. */
    void press(String key, int times) throws Exception {
      StringBuilder keys = new StringBuilder();
      for (int i = 0; i < times; i++) {
        if (keys.length() > 0) {
          keys.append(',');
        }
        keys.append("{\"type\":\"keyDown\",\"value\":\"" + key + "\"},")
            .append("{\"type\":\"keyUp\",\"value\":\"" + key + "\"}");
      }
      if (keys.length() > 0) {
        call(
            "POST",
            "/session/" + session + "/actions",
            "{\"actions\":[{\"type\":\"key\",\"id\":\"keyboard\",\"actions\":[" + keys + "]}]}");
      }
    }

    int steps() throws Exception {
      return Integer.parseInt(
          script(
              "return String(JSON.parse(document.getElementById('data').textContent)"
                  + ".steps.length);"));
    }

    /** The index of the first tree line whose text contains {@code text} and has the class. */
    int find(String kind, String text) throws Exception {
      return Integer.parseInt(
          script(
              "var l = Array.from(document.querySelectorAll('#tree li."
                  + kind
                  + "'))"
                  + ".find(function (li) { return li.querySelector(':scope > .line').textContent"
                  + ".indexOf("
                  + quote(text)
                  + ") >= 0; });"
                  + " return l ? l.id.substring(1) : '-1';"));
    }

    String panel(String id) throws Exception {
      return script("return document.getElementById('" + id + "').innerText;");
    }

    String changedRows(String id) throws Exception {
      return script(
          "return Array.from(document.querySelectorAll('#"
              + id
              + " tr.changed'))"
              + ".map(function (r) { return r.innerText; }).join('\\n');");
    }

    void screenshot(String name) throws Exception {
      Path out = Paths.get("target", "screenshots", name);
      Files.createDirectories(out.getParent());
      Files.write(
          out,
          Base64.getDecoder()
              .decode(stringValue(call("GET", "/session/" + session + "/screenshot", null))));
    }

    @Override
    public void close() throws Exception {
      call("DELETE", "/session/" + session, null);
    }
  }

  private static Path write(String name, String html) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, html, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void pthreadCreateShowsTheSharedFilesCountAndTheGuardSplitByMprotect() throws Exception {
    try (Page page = new Page(write("pthread_create.html", HtmlWalkTest.page("pthread_create")))) {
      assertEquals(0, page.step());
      // glibc maps the whole block PROT_NONE, then mprotect opens all of it above the guard
      // page: one 8392704-byte VMA becomes a 4096-byte guard and an 8 MiB read-write stack
      int mmap = page.find("syscall", "mmap(NULL, 8392704, PROT_NONE");
      page.stepTo(mmap);
      assertTrue(page.panel("vmas").contains("---p 8392704 B"), page.panel("vmas"));
      int mprotect = page.find("syscall", "mprotect(");
      // the split shows at the kernel's step inside the call (the strace line prints when the
      // call returns), marked as the step's change
      int split = mmap;
      while (!page.panel("vmas").contains("rw-p 8388608 B")) {
        page.stepTo(++split);
      }
      assertTrue(split <= mprotect, split + " after " + mprotect);
      assertTrue(page.changedRows("vmas").contains("rw-p 8388608 B"), page.changedRows("vmas"));
      page.screenshot("walk-pthread_create-mprotect.png");
      page.stepTo(mprotect);
      String vmas = page.panel("vmas");
      assertFalse(vmas.contains("---p 8392704 B"), vmas);
      assertTrue(vmas.matches("(?s).*---p 4096 B.*\\n[^\\n]*rw-p 8388608 B.*"), vmas);
      // CLONE_FILES: the new thread shares the process's files_struct, whose count goes to 2
      int copyFiles = page.find("note", "copy_files:");
      assertTrue(copyFiles > 0);
      page.stepTo(copyFiles);
      String files = page.changedRows("tasks");
      assertTrue(files.matches("(?s).*files\\s+files #\\d+\\s+count=2.*"), files);
    }
  }

  @Test
  void newmShowsTheNewMInAllmWithoutAThreadAfterAllocm() throws Exception {
    try (Page page = new Page(write("newm.html", HtmlWalkTest.page("newm")))) {
      int allocm = page.find("note", "allocm: m2");
      assertTrue(allocm > 0);
      page.stepTo(allocm);
      String ms = page.panel("go-m");
      // allm links the newest M first: m2, then sysmon's m1, then the main thread's m0, whose
      // procid is the process's pid; m2 has its g0 stack but no thread (procid 0) until
      // newosproc clones one and the thread sets procid in minit
      assertTrue(ms.matches("(?s)m2\\s+procid=0 .*\\nm1\\s.*\\nm0\\s+procid=3 .*"), ms);
      assertTrue(ms.matches("(?s)m2\\s[^\\n]* g0 0xc[0-9a-f]+-0xc[0-9a-f]+ .*"), ms);
      assertTrue(page.changedRows("go-m").startsWith("m2"), page.changedRows("go-m"));
      page.screenshot("walk-newm-allocm.png");
      // after the new thread's minit, m2's procid is the tid the clone returned to newosproc
      int clone = page.find("syscall", "clone(child_stack=");
      String line = page.script("return document.getElementById('s" + clone + "').innerText;");
      String tid = line.substring(line.lastIndexOf("= ") + 2).strip();
      page.stepTo(page.find("note", "m2 procid="));
      String after = page.panel("go-m");
      assertTrue(after.matches("(?s).*\\bm2\\s+procid=" + tid + " .*"), tid + " in " + after);
    }
  }

  @Test
  void theArrowKeysHomeAndEndMoveTheCursor() throws Exception {
    try (Page page = new Page(write("keys.html", HtmlWalkTest.page("newm")))) {
      page.stepTo(5);
      page.press(LEFT, 2);
      assertEquals(3, page.step(), "left arrow: one step back each");
      page.press(UP, 1);
      assertEquals(2, page.step(), "up arrow: one step back");
      page.press(DOWN, 3);
      assertEquals(5, page.step(), "down arrow: one step on each");
      page.press(END, 1);
      int last = page.step();
      assertEquals(page.steps() - 1, last, "end: the last step");
      page.press(RIGHT, 1);
      assertEquals(last, page.step(), "no step past the last");
      page.press(HOME, 1);
      assertEquals(0, page.step(), "home: the first step");
      page.press(LEFT, 1);
      assertEquals(0, page.step(), "no step before the first");
    }
  }

  @Test
  void newprocShowsTheNewGInAllgsThenRunnableInRunnext() throws Exception {
    try (Page page = new Page(write("newproc.html", HtmlWalkTest.page("newproc")))) {
      int allgadd = page.find("note", "allgadd: allglen 2");
      assertTrue(allgadd > 0);
      page.stepTo(allgadd - 1);
      assertEquals(1, page.panel("go-g").split("\n").length, page.panel("go-g"));
      page.stepTo(allgadd);
      // allgadd publishes the new G while it is _Gdead and has no goid yet (newproc1 gives it
      // one from the P's batch, then makes it _Grunnable)
      assertTrue(
          page.panel("go-g").matches("(?s)g1\\s+_Grunning m=0\\ng0\\s+_Gdead m=-1"),
          page.panel("go-g"));
      assertTrue(page.changedRows("go-g").startsWith("g0"), page.changedRows("go-g"));
      page.stepTo(page.find("note", "in runnext of p0"));
      assertTrue(
          page.panel("go-g").matches("(?s).*\\bg2\\s+_Grunnable m=-1.*"), page.panel("go-g"));
      assertTrue(page.panel("go-p").matches("(?s).*p0\\s[^\\n]*runnext=2.*"), page.panel("go-p"));
    }
  }
}
