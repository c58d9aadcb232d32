package io.github.clonepath.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SubstituteRoundTest {
  /** The substitution as the parser's regular expression defines it. */
  private static String byRegex(String word, String value) {
    Matcher m = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(word);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).equals("i") ? value : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Test
  @DisplayName("the round's scan replaces exactly the regular expression's $i matches")
  void theScanIsTheRegex() {
    for (String w :
        List.of(
            "t$i", "$i", "$i$i", "$$i", "$", "a$", "$index", "$i_", "$i1", "$I", "$_i", "x$i.y",
            "seq#$i:", "$0$i", "$ii$i", "plain")) {
      assertEquals(byRegex(w, "17"), ScenarioParser.substituteRound(w, "17"), w);
    }
    SplittableRandom r = new SplittableRandom(1);
    String alphabet = "$i_aZ09.#$";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(8);
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String w = sb.toString();
      assertEquals(byRegex(w, "$3\\"), ScenarioParser.substituteRound(w, "$3\\"), w);
    }
  }

  @Test
  @DisplayName("a word without $i is returned as the same instance")
  void noRoundNoCopy() {
    String w = "t$index";
    assertSame(w, ScenarioParser.substituteRound(w, 4));
  }
}
