package io.github.clonepath.lab.walk;

import io.github.clonepath.common.SourceRef;

/**
 * Where a reference can be read on the web: the real file at the line, in the tree of the release
 * it cites (torvalds/linux at the {@code v6.2} tag, bminor/glibc at {@code glibc-2.36}, golang/go
 * at {@code go1.19}), and a system call's manual page.
 */
public final class SourceLinks {
  private SourceLinks() {}

  /**
   * The file at its line in the cited release.
   *
   * @param ref a modeled function's reference
   * @return an https URL, or null for a version with no public tree the model knows
   */
  public static String source(SourceRef ref) {
    String v = ref.version();
    String base;
    if (v.startsWith("Linux ")) {
      base = "https://github.com/torvalds/linux/blob/v" + v.substring("Linux ".length()) + "/";
    } else if (v.startsWith("glibc ")) {
      base = "https://github.com/bminor/glibc/blob/glibc-" + v.substring("glibc ".length()) + "/";
    } else if (v.startsWith("go1")) {
      // Go's references are relative to src/, as the runtime's own messages print them
      base = "https://github.com/golang/go/blob/" + v + "/src/";
    } else {
      return null;
    }
    return base + ref.file() + (ref.line() > 0 ? "#L" + ref.line() : "");
  }

  /**
   * A system call's page in section 2 of the Linux man-pages project.
   *
   * @param syscall the call's name, such as {@code clone3}
   * @return an https URL
   */
  public static String manPage(String syscall) {
    return "https://man7.org/linux/man-pages/man2/" + syscall + ".2.html";
  }
}
